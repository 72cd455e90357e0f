/**
 * Mass assignment: no write body can set what the hub owns. Every write endpoint's valid body,
 * with each server-owned field added, is refused with 400 naming that field — and nothing is
 * recorded.
 */
import request from 'supertest';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE } from '@maillage/service-requests';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';

const ADMIN = 'mass-assignment-admin-token-0123456789ab';
const GIEN = 'commune:45155';

/** What the hub decides and no caller may set, with a plausible value for each. */
const SERVER_OWNED: Record<string, unknown> = {
  id: '00000000-0000-4000-8000-000000000001',
  requestId: '00000000-0000-4000-8000-000000000001',
  status: 'resolved',
  lifecycle: 'closed',
  version: 7,
  revision: 7,
  position: 7,
  authority: 'departement:45',
  actor: { authority: 'departement:45', connector: 'loiret-grc' },
  targets: ['departement:45'],
  origin: 'departement:45',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  occurredAt: '2026-01-01T00:00:00.000Z',
  hash: 'a'.repeat(64),
};

interface WriteEndpoint {
  readonly method: 'post' | 'patch';
  readonly path: (ids: Ids) => string;
  readonly body: Record<string, unknown>;
  readonly as: 'gien' | 'admin';
  /** Fields this endpoint legitimately takes (left out of the server-owned list for it). */
  readonly takes?: readonly string[];
}

interface Ids {
  readonly requestId: string;
  readonly connectorId: string;
}

const WRITES: Record<string, WriteEndpoint> = {
  'POST /v1/requests': {
    method: 'post',
    path: () => '/v1/requests',
    as: 'gien',
    body: {
      source: { externalId: 'MASS-1' },
      channel: 'web',
      category: 'civil_status.birth_certificate',
      description: 'Acte de naissance',
      location: { inseeCode: '45155' },
    },
  },
  'POST /v1/requests/{id}/status': {
    method: 'post',
    path: ({ requestId }) => `/v1/requests/${requestId}/status`,
    as: 'gien',
    body: { to: 'in_progress', raw: { code: 'EN_COURS', label: 'En cours' } },
  },
  'POST /v1/requests/{id}/comments': {
    method: 'post',
    path: ({ requestId }) => `/v1/requests/${requestId}/comments`,
    as: 'gien',
    body: { text: 'Merci' },
  },
  'POST /v1/requests/{id}/acknowledgements': {
    method: 'post',
    path: ({ requestId }) => `/v1/requests/${requestId}/acknowledgements`,
    as: 'gien',
    body: { externalReference: 'GIEN-REF-1' },
  },
  'POST /v1/requests/{id}/transfer': {
    method: 'post',
    path: ({ requestId }) => `/v1/requests/${requestId}/transfer`,
    as: 'gien',
    body: { to: ['epci:244500211'], reason: 'Compétence intercommunale' },
  },
  'POST /v1/requests/{id}/close': {
    method: 'post',
    path: ({ requestId }) => `/v1/requests/${requestId}/close`,
    as: 'gien',
    body: { outcome: 'resolved' },
  },
  'POST /v1/requests/{id}/reopen': {
    method: 'post',
    path: ({ requestId }) => `/v1/requests/${requestId}/reopen`,
    as: 'gien',
    body: { reason: 'Pas fait' },
  },
  'POST /v1/subscriptions': {
    method: 'post',
    path: () => '/v1/subscriptions',
    as: 'gien',
    body: { territory: GIEN },
  },
  'POST /v1/connectors': {
    method: 'post',
    path: () => '/v1/connectors',
    as: 'admin',
    body: { id: 'mass-new', authority: GIEN, name: 'Nouveau', dialect: 'commune-v1' },
    takes: ['id', 'authority', 'status'],
  },
  'PATCH /v1/connectors/{id}': {
    method: 'patch',
    path: ({ connectorId }) => `/v1/connectors/${connectorId}`,
    as: 'admin',
    body: { name: 'Renommé' },
    takes: ['status'],
  },
  'PATCH /v1/connectors/{id} (webhook)': {
    method: 'patch',
    path: ({ connectorId }) => `/v1/connectors/${connectorId}`,
    as: 'admin',
    body: { delivery: { webhook: { url: 'https://grc.example.fr/hooks' } } },
    takes: ['status'],
  },
  'POST /v1/citizens/erasure': {
    method: 'post',
    path: () => '/v1/citizens/erasure',
    as: 'admin',
    body: {
      subjectId: '00000000-0000-8000-8000-000000000009',
      legalBasis: 'rgpd_art17_1a',
      requester: 'DPO',
    },
  },
  'POST /v1/retention/approvals': {
    method: 'post',
    path: () => '/v1/retention/approvals',
    as: 'admin',
    body: {
      approver: 'Archives du Loiret',
      archivesReference: 'AD45-VISA-1',
      requestIds: ['00000000-0000-4000-8000-000000000009'],
    },
  },
  'POST /v1/connectors/{id}/keys': {
    method: 'post',
    path: ({ connectorId }) => `/v1/connectors/${connectorId}/keys`,
    as: 'admin',
    body: { scopes: ['ingest'] },
  },
};

describe('mass assignment', () => {
  let hub: TestHub;
  let ids: Ids;
  const headers: Record<string, Record<string, string>> = {};
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_ADMIN_TOKEN: ADMIN,
    });
    headers['gien'] = await hub.as(GIEN);
    headers['admin'] = { authorization: `Bearer ${ADMIN}` };
    const filed = await http()
      .post('/v1/requests')
      .set(headers['gien'])
      .send(WRITES['POST /v1/requests']!.body)
      .expect(201);
    const { Connectors } = await import('@maillage/connectors');
    ids = {
      requestId: (filed.body as { id: string }).id,
      connectorId: (await hub.app.get(Connectors).ofAuthority(GIEN))[0]!.id,
    };
  });
  afterAll(async () => {
    await hub.close();
  });

  it('refuses every server-owned field in every write body with 400 naming it, and records nothing', async () => {
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const before = JSON.stringify(
      (await http().get(`/v1/connectors/${ids.connectorId}`).set(headers['admin']!)).body,
    );
    const accepted: string[] = [];
    let tried = 0;
    for (const [name, write] of Object.entries(WRITES)) {
      for (const [field, value] of Object.entries(SERVER_OWNED)) {
        if (write.takes?.includes(field) || field in write.body) continue;
        const body = name.endsWith('(webhook)')
          ? { delivery: { webhook: { url: 'https://grc.example.fr/hooks', [field]: value } } }
          : { ...write.body, [field]: value };
        const agent = http();
        const call =
          write.method === 'post' ? agent.post(write.path(ids)) : agent.patch(write.path(ids));
        const response = await call.set(headers[write.as]!).send(body);
        tried += 1;
        const named = JSON.stringify((response.body as { errors?: unknown }).errors ?? '');
        if (response.status !== 400 || !named.includes(field)) {
          accepted.push(`${name} + ${field}: ${response.status} ${named.slice(0, 120)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(tried).toBeGreaterThan(150);
    expect(await store.headPosition()).toBe(head);
    const after = JSON.stringify(
      (await http().get(`/v1/connectors/${ids.connectorId}`).set(headers['admin']!)).body,
    );
    expect(after).toBe(before);
  });

  it('refuses what a webhook keeps for itself (secrets, 410 state) even nested', async () => {
    for (const field of ['secrets', 'disabledAt', 'disabledReason']) {
      const response = await http()
        .patch(`/v1/connectors/${ids.connectorId}`)
        .set(headers['admin']!)
        .send({ delivery: { webhook: { url: 'https://grc.example.fr/hooks', [field]: [] } } })
        .expect(400);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
  });
});
