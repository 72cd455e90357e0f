import request from 'supertest';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';

describe('health and metrics', () => {
  let hub: TestHub;
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    hub = await createTestHub('sqlite');
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers liveness, and readiness with the store head and the read-model lag', async () => {
    await http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      checks: { eventStore: { status: 'up' }, readModel: { status: 'up' } },
    });
    expect(ready.body.checks.kafkaRelay).toBeUndefined();
  });

  it('exposes Prometheus metrics labelled by route pattern, never by id', async () => {
    const filed = await http()
      .post('/v1/requests')
      .set({ 'Maillage-Authority': 'commune:45155' })
      .send({
        source: { externalId: 'M-1' },
        channel: 'web',
        category: 'roads.municipal',
        description: 'Trou',
        location: { inseeCode: '45155' },
      })
      .expect(201);
    await http().get(`/v1/requests/${filed.body.id}`).query({ minRevision: 1 }).expect(200);
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(
      /maillage_http_requests_total\{route="\/v1\/requests",method="POST",status="201"\} 1/,
    );
    expect(metrics.text).toContain('route="/v1/requests/:id"');
    expect(metrics.text).not.toContain(filed.body.id);
    expect(metrics.text).toMatch(/maillage_projection_lag_events \d+/);
    expect(metrics.text).toContain('maillage_process_resident_memory_bytes');
  });
});
