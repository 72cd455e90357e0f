import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ConfigModule, parseConfig } from '@maillage/config';
import type { EventStore } from '@maillage/event-store';
import { configureHttpApplication } from '@maillage/http-api';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { EVENT_STORE, ServiceRequestsModule } from '@maillage/service-requests';
import { ObservabilityModule } from './observability.module';

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
    const live = await http().get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(live.headers['cache-control']).toContain('no-store');
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up', head: expect.any(Number) },
        readModel: { status: 'up', position: expect.any(Number), lag: expect.any(Number) },
      },
      error: {},
    });
    // No Kafka configured: neither the relay nor the Kafka check.
    expect(Object.keys(ready.body.details).sort()).toEqual(['eventStore', 'readModel']);
  });

  it('exposes Prometheus metrics labelled by route pattern, never by id', async () => {
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.as('commune:45155'))
      .send({
        source: { externalId: 'M-1' },
        channel: 'web',
        category: 'roads.municipal',
        description: 'Trou',
        location: { inseeCode: '45155' },
      })
      .expect(201);
    await http()
      .get(`/v1/requests/${filed.body.id}`)
      .set(await hub.as('commune:45155'))
      .query({ minRevision: 1 })
      .expect(200);
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(
      /maillage_http_requests_total\{route="\/v1\/requests",method="POST",status="201"\} 1/,
    );
    expect(metrics.text).toContain('route="/v1/requests/:id"');
    expect(metrics.text).not.toContain(filed.body.id);
    expect(metrics.text).toMatch(/maillage_projection_lag_events \d+/);
    expect(metrics.text).toContain('maillage_process_resident_memory_bytes');
    // Filing recorded RequestFiled and RequestRouted in one append, which was timed.
    expect(metrics.text).toMatch(/maillage_events_appended_total\{type="RequestFiled"\} 1\n/);
    expect(metrics.text).toMatch(/maillage_events_appended_total\{type="RequestRouted"\} 1\n/);
    expect(metrics.text).toMatch(
      /maillage_event_store_append_duration_seconds_count\{outcome="appended"\} 1\n/,
    );
    // No relay in this process, so no relay lag.
    expect(metrics.text).not.toContain('maillage_relay_lag_events');
  });
});

describe('readiness when the event store is down', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await createTestHub('sqlite');
  });
  afterAll(async () => {
    await hub.close();
  });

  it("answers 503 with terminus' body naming the event store, while liveness stays 200", async () => {
    await request(hub.app.getHttpServer()).get('/health/ready').expect(200);
    await hub.app.get<EventStore>(EVENT_STORE).close();

    const ready = await request(hub.app.getHttpServer()).get('/health/ready').expect(503);
    expect(ready.headers['retry-after']).toBe('1');
    expect(ready.headers['content-type']).toContain('application/json');
    expect(ready.body).toMatchObject({
      status: 'error',
      error: { eventStore: { status: 'down', message: expect.stringMatching(/closed/) } },
    });
    expect(ready.body.details.eventStore.status).toBe('down');
    await request(hub.app.getHttpServer()).get('/health/live').expect(200);
    // The scrape still answers: lags that cannot be read keep their last value.
    await request(hub.app.getHttpServer()).get('/metrics').expect(200);
  });
});

describe('readiness of an app whose Kafka brokers cannot be reached', () => {
  let dataDir: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'maillage-obs-'));
    // A gateway-like composition configured with Kafka; nothing listens on port 1.
    const config = parseConfig({
      MAILLAGE_DATA_DIR: dataDir,
      MAILLAGE_HUB_SECRET: 'test-secret-test-secret-test-secret-0123',
      LOG_LEVEL: 'error',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), ServiceRequestsModule.forRoot(), ObservabilityModule],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    configureHttpApplication(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 naming Kafka down and the store up', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      info: { eventStore: { status: 'up' } },
      error: { kafka: { status: 'down', message: expect.stringContaining('ECONNREFUSED') } },
    });
  });
});
