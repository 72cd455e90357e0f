import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, type INestApplication, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ConfigModule, parseConfig } from '@maillage/config';
import type { EventStore } from '@maillage/event-store';
import { RAW_EVENT_STORE } from '@maillage/service-requests';
import { AuditModule } from '../audit.module';
import {
  LOIRET,
  seedRequests,
  type SeededRequest,
  TestClock,
  tempSqliteStore,
} from '../testing/seed-log';

const TOKEN = 'auditor-token-0123456789abcdef0123456789';

async function auditApp(
  store: EventStore,
  env: Record<string, string>,
): Promise<NestFastifyApplication> {
  @Global()
  @Module({
    providers: [{ provide: RAW_EVENT_STORE, useValue: store }],
    exports: [RAW_EVENT_STORE],
  })
  class StoreModule {}
  const config = parseConfig({
    MAILLAGE_DATA_DIR: mkdtempSync(join(tmpdir(), 'maillage-audit-api-')),
    MAILLAGE_AUDIT_CHECKPOINT_INTERVAL: '0',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), StoreModule, AuditModule],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function call(
  app: INestApplication,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  url: string,
  token: string | null = TOKEN,
) {
  return (app as NestFastifyApplication)
    .getHttpAdapter()
    .getInstance()
    .inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
}

describe('audit API', () => {
  let store: EventStore;
  let requests: SeededRequest[];
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const clock = new TestClock();
    store = tempSqliteStore(clock).store;
    requests = await seedRequests(store, clock, 4);
    app = await auditApp(store, { MAILLAGE_AUDITOR_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('is closed (403 problem) when no auditor token is configured', async () => {
    const closed = await auditApp(store, {});
    const response = await call(closed, 'GET', '/v1/audit/verify');
    await closed.close();
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      status: 403,
      code: 'AUDIT.CLOSED',
      type: 'urn:maillage:problem:audit.closed',
      instance: '/v1/audit/verify',
    });
  });

  it('refuses a missing or wrong token, such as a connector key (401)', async () => {
    for (const token of [null, 'mlg_connector-key-of-gien-grc', `${TOKEN}x`]) {
      const response = await call(
        app,
        'GET',
        `/v1/audit/requests/${requests[0]!.requestId}/history`,
        token,
      );
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'AUDIT.UNAUTHENTICATED' });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('cannot write: no route takes a PUT, PATCH or DELETE, and history takes no POST', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      const response = await call(
        app,
        method,
        `/v1/audit/requests/${requests[0]!.requestId}/history`,
      );
      expect(response.statusCode).toBe(404);
    }
    expect(await store.headPosition()).toBeGreaterThan(0);
  });

  it('streams a request history as NDJSON, and an authority history as CSV', async () => {
    const ndjson = await call(app, 'GET', `/v1/audit/requests/${requests[0]!.requestId}/history`);
    expect(ndjson.statusCode).toBe(200);
    expect(ndjson.headers['content-type']).toContain('application/x-ndjson');
    const lines = ndjson.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      type: 'RequestFiled',
      revision: 0,
      requestId: requests[0]!.requestId,
    });
    const csv = await call(
      app,
      'GET',
      `/v1/audit/authorities/${LOIRET}/history?format=csv&type=StatusChanged`,
    );
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toMatch(/^position,recordedAt,/);
    expect(rows.slice(1).every((row) => row.includes(',StatusChanged,'))).toBe(true);
    const period = await call(
      app,
      'GET',
      '/v1/audit/history?from=2026-11-29T08:00:00Z&to=2026-11-29T08:00:59Z',
    );
    expect(period.body.trim().split('\n')).toHaveLength(2); // one filing + routing append per minute
  });

  it('answers bad queries with a 400 problem naming the field, and unknown requests with 404', async () => {
    const cases: Array<[string, string]> = [
      [`/v1/audit/history?type=RequestDeleted`, 'type'],
      [`/v1/audit/history?from=yesterday`, 'from'],
      [`/v1/audit/history?format=xml`, 'format'],
      [`/v1/audit/authorities/mairie/history`, 'authority'],
      [`/v1/audit/requests/${requests[0]!.requestId}/as-of`, 'at'],
    ];
    for (const [url, field] of cases) {
      const response = await call(app, 'GET', url);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'AUDIT.INVALID_QUERY', field });
    }
    expect((await call(app, 'GET', '/v1/audit/requests/unknown/history')).statusCode).toBe(404);
  });

  it('gives the state of a request and of an authority as of a date-time', async () => {
    const early = await call(
      app,
      'GET',
      `/v1/audit/requests/${requests[0]!.requestId}/as-of?at=2026-11-29T08:00:00Z`,
    );
    expect(early.json()).toMatchObject({ id: requests[0]!.requestId, status: 'routed' });
    const before = await call(
      app,
      'GET',
      `/v1/audit/requests/${requests[0]!.requestId}/as-of?at=2026-11-28T00:00:00Z`,
    );
    expect(before.statusCode).toBe(404);
    const loiret = await call(
      app,
      'GET',
      `/v1/audit/authorities/${LOIRET}/as-of?at=2030-01-01T00:00:00Z`,
    );
    expect(
      loiret
        .json()
        .items.map((s: { id: string }) => s.id)
        .sort(),
    ).toEqual(
      requests
        .filter((r) => r.targets.includes(LOIRET))
        .map((r) => r.requestId)
        .sort(),
    );
  });

  it('pages an authority as of a date-time, the page size capped by MAILLAGE_MAX_PAGE_SIZE', async () => {
    const url = `/v1/audit/authorities/${LOIRET}/as-of?at=2030-01-01T00:00:00Z`;
    const whole = (await call(app, 'GET', `${url}&pageSize=100`)).json();
    expect(whole.total).toBeGreaterThanOrEqual(2);
    expect(whole.items).toHaveLength(whole.total);
    const capped = await auditApp(store, {
      MAILLAGE_AUDITOR_TOKEN: TOKEN,
      MAILLAGE_MAX_PAGE_SIZE: '1',
    });
    try {
      const pages = [];
      for (let page = 1; page <= whole.total + 1; page += 1) {
        const answer = (await call(capped, 'GET', `${url}&page=${page}&pageSize=50`)).json();
        expect(answer).toMatchObject({ page, pageSize: 1, total: whole.total });
        pages.push(...answer.items);
      }
      expect(pages).toEqual(whole.items);
      const bad = await call(capped, 'GET', `${url}&pageSize=0`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'AUDIT.INVALID_QUERY', field: 'pageSize' });
    } finally {
      await capped.close();
    }
  });

  it('signs checkpoints on demand, lists them with the key, proves inclusion and verifies', async () => {
    const created = await call(app, 'POST', '/v1/audit/checkpoints');
    expect(created.statusCode).toBe(201);
    const checkpoint = created.json();
    expect(checkpoint).toMatchObject({
      position: await store.headPosition(),
      count: await store.headPosition(),
    });
    const listed = (await call(app, 'GET', '/v1/audit/checkpoints')).json();
    expect(listed.checkpoints).toEqual([checkpoint]);
    expect(listed.publicKey).toContain('BEGIN PUBLIC KEY');
    const [first] = await store.readAll({ maxCount: 1 });
    const proof = await call(
      app,
      'GET',
      `/v1/audit/checkpoints/${checkpoint.position}/proof/${first!.eventId}`,
    );
    expect(proof.json()).toMatchObject({ leafIndex: 0, treeSize: checkpoint.count });
    expect(
      (await call(app, 'GET', `/v1/audit/checkpoints/${checkpoint.position}/proof/nope`))
        .statusCode,
    ).toBe(404);
    const verified = (await call(app, 'GET', '/v1/audit/verify')).json();
    expect(verified).toMatchObject({ ok: true, findingCount: 0 });
    expect(verified.checkpoints).toEqual([
      expect.objectContaining({ status: 'verified', source: 'store' }),
    ]);
  });
});
