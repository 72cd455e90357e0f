/**
 * Auditors read and never write; tools do not read the audit API. An `audit`-scoped key reads
 * its own authority's history and cannot change anything anywhere; a tool's ordinary key (ingest,
 * subscribe) is refused by the audit API; the auditor token reads everything, writes nothing.
 */
import request from 'supertest';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE } from '@maillage/service-requests';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';

const GIEN = 'commune:45155';
const AUDITOR = 'auditor-keys-token-0123456789abcdef01234';

describe('auditor keys and tool keys on the audit API', () => {
  let hub: TestHub;
  let requestId: string;
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_AUDITOR_TOKEN: AUDITOR,
    });
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.as(GIEN))
      .send({
        source: { externalId: 'AUDIT-KEYS-1' },
        channel: 'web',
        category: 'civil_status.birth_certificate',
        description: 'Acte',
        location: { inseeCode: '45155' },
      })
      .expect(201);
    requestId = (filed.body as { id: string }).id;
  });
  afterAll(async () => {
    await hub.close();
  });

  it("refuses a tool's ordinary key on every audit route", async () => {
    const tool = await hub.as(GIEN);
    for (const path of [
      `/v1/audit/requests/${requestId}/history`,
      `/v1/audit/authorities/${GIEN}/history`,
      '/v1/audit/history',
      '/v1/audit/verify',
      '/v1/audit/checkpoints',
    ]) {
      const refused = await http().get(path).set(tool).expect(403);
      expect(refused.body.code).toBe('AUDIT.SCOPE_MISSING');
    }
  });

  it('lets an audit key read its authority and write nothing at all', async () => {
    const auditor = await hub.as(GIEN, ['audit']);
    const history = await http()
      .get(`/v1/audit/requests/${requestId}/history`)
      .set(auditor)
      .expect(200);
    expect(history.text.trim().split('\n')).toHaveLength(2);
    await http().get('/v1/audit/verify').set(auditor).expect(200);

    const store = hub.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const writes: [string, Record<string, unknown>][] = [
      ['/v1/requests', { source: { externalId: 'X' } }],
      [`/v1/requests/${requestId}/comments`, { text: 'x' }],
      [`/v1/requests/${requestId}/status`, { to: 'in_progress' }],
      [`/v1/requests/${requestId}/close`, { outcome: 'resolved' }],
      ['/v1/subscriptions', {}],
      ['/v1/audit/checkpoints', {}],
      [
        '/v1/retention/approvals',
        { approver: 'x', archivesReference: 'x', requestIds: [requestId] },
      ],
    ];
    for (const [path, body] of writes) {
      const refused = await http().post(path).set(auditor).send(body);
      expect([path, refused.status]).toEqual([path, 403]);
    }
    const connectorId = (
      await http()
        .get('/v1/subscriptions')
        .set(await hub.as(GIEN))
    ).status;
    expect(connectorId).toBe(200);
    expect(await store.headPosition()).toBe(head);
  });

  it('lets the auditor token read everything and write nothing', async () => {
    const auditor = { authorization: `Bearer ${AUDITOR}` };
    await http()
      .get(`/v1/requests/${requestId}`)
      .query({ minRevision: 1 })
      .set(auditor)
      .expect(200);
    await http().get(`/v1/audit/requests/${requestId}/history`).set(auditor).expect(200);
    // The due list holds no personal data: the auditor reads it; approving is the admin's.
    await http().get('/v1/retention/due').set(auditor).expect(200);
    await http()
      .post('/v1/retention/approvals')
      .set(auditor)
      .send({ approver: 'x', archivesReference: 'x', requestIds: [requestId] })
      .expect(403);
    const refused = await http()
      .post(`/v1/requests/${requestId}/comments`)
      .set(auditor)
      .send({ text: 'x' })
      .expect(403);
    expect(refused.body.code).toBe('AUTH.FORBIDDEN');
  });
});
