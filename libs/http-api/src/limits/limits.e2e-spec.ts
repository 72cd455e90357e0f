/**
 * The hub's abuse limits through the real HTTP stack: JSON depth and array length (400, before
 * any handler or credential check), prototype-pollution keys refused, and the per-caller rate
 * limit (429 with Retry-After), one caller's refusal leaving the others' answers unchanged.
 */
import request from 'supertest';
import { buildOpenApiDocument } from '../docs/open-api';
import { createTestHub, type TestHub } from '../testing/test-hub';

const ADMIN = 'limits-admin-token-limits-admin-token-0123';

/** `levels` objects nested in one another under the key `k`. */
function nested(levels: number): unknown {
  let body: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) body = { k: body };
  return body;
}

describe('JSON body limits (defaults: depth 16, arrays of 1000)', () => {
  let hub: TestHub;
  const http = () => request(hub.app.getHttpServer());
  const post = (path: string, body: string) =>
    http().post(path).set('content-type', 'application/json').send(body);

  beforeAll(async () => {
    hub = await createTestHub('sqlite', { MAILLAGE_DEMO_CONNECTORS: 'off' });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('refuses a body nested deeper than 16 levels, naming the place, before any handler', async () => {
    const response = await post('/v1/requests', JSON.stringify({ source: nested(16) })).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 400,
      code: 'HTTP.BODY_TOO_DEEP',
      field: `/source${'/k'.repeat(15)}`,
      retriable: false,
    });
    // One level less gets past the parser, to the route (which wants a credential first).
    const within = await post('/v1/requests', JSON.stringify({ source: nested(15) }));
    expect(within.status).not.toBe(500);
    expect((within.body as { code: string }).code).not.toBe('HTTP.BODY_TOO_DEEP');
  });

  it('refuses 100 000 nested arrays (within the body size) with a 400, not a crash', async () => {
    const response = await post(
      '/v1/requests',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ).expect(400);
    expect(response.body).toMatchObject({ code: 'HTTP.BODY_TOO_DEEP', field: '/0'.repeat(16) });
  });

  it('refuses an array of more than 1000 items, on every JSON route', async () => {
    const attachments = Array.from({ length: 1001 }, (_, i) => ({ url: `https://x.fr/${i}` }));
    for (const path of [
      '/v1/requests',
      '/v1/connectors/gien-grc/requests',
      '/open311/v2/gien-311/requests.json',
    ]) {
      const response = await post(path, JSON.stringify({ attachments })).expect(400);
      expect(response.body).toMatchObject({
        code: 'HTTP.ARRAY_TOO_LONG',
        field: '/attachments',
      });
    }
  });

  it('refuses text no store keeps as it is (NUL, lone surrogate), naming the place, on JSON and forms', async () => {
    for (const [text, field] of [
      ['{"description":"Nid-de-poule \\u0000 rue de la Paix"}', '/description'],
      ['{"location":{"address":"12 rue \\ud83d de Gien"}}', '/location/address'],
    ] as const) {
      const response = await post('/v1/requests', text).expect(400);
      expect(response.body).toMatchObject({ code: 'HTTP.TEXT_UNSUPPORTED', field });
    }
    const form = await http()
      .post('/open311/v2/gien-311/requests.json')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('service_code=roads&description=trou%00ici')
      .expect(400);
    expect(form.body).toMatchObject({ code: 'HTTP.TEXT_UNSUPPORTED', field: '/description' });
    // Paired surrogates (an emoji) are ordinary text.
    const emoji = await post('/v1/requests', '{"description":"Nid-de-poule \\ud83d\\udea7"}');
    expect((emoji.body as { code: string }).code).not.toBe('HTTP.TEXT_UNSUPPORTED');
  });

  it('refuses __proto__ and constructor.prototype keys (prototype pollution) as malformed', async () => {
    for (const body of [
      '{"source":{"__proto__":{"isAdmin":true}}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      const response = await post('/v1/requests', body).expect(400);
      expect(response.body).toMatchObject({ code: 'HTTP.MALFORMED_JSON' });
    }
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('still answers 413 for a body over the size limit, before parsing', async () => {
    const response = await post(
      '/v1/requests',
      JSON.stringify({ description: 'x'.repeat(hub.config.http.bodyLimitBytes) }),
    ).expect(413);
    expect(response.body).toMatchObject({ code: 'HTTP.BODY_TOO_LARGE' });
  });
});

describe('per-caller rate limit', () => {
  let hub: TestHub;
  const keys: Record<string, string> = {};
  const http = () => request(hub.app.getHttpServer());
  /** A connector reading its own feed: a cheap call that answers 200 when allowed. */
  const readFeed = (connectorId: string, headers?: Record<string, string>) =>
    http()
      .get(`/v1/connectors/${connectorId}/feed`)
      .set(headers ?? { authorization: `Bearer ${keys[connectorId]!}` });

  beforeAll(async () => {
    // A token every 1000 s: nothing refills while the test runs, so counts are exact.
    hub = await createTestHub('sqlite', {
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_RATE_LIMIT_PER_SECOND: '0.001',
      MAILLAGE_RATE_LIMIT_BURST: '3',
      MAILLAGE_JSON_MAX_ARRAY_LENGTH: '2',
    });
    for (const id of ['tool-a', 'tool-b']) {
      const created = await http()
        .post('/v1/connectors')
        .set({ authorization: `Bearer ${ADMIN}` })
        .send({ id, authority: 'commune:45155', name: id, dialect: 'commune-v1' })
        .expect(201);
      keys[id] = (created.body as { apiKey: { key: string } }).apiKey.key;
    }
  });
  afterAll(async () => {
    await hub.close();
  });

  it('refuses connector A past its burst with 429 and Retry-After, while B is answered as usual', async () => {
    for (let call = 0; call < 3; call += 1) await readFeed('tool-a').expect(200);
    const [a, b] = await Promise.all([readFeed('tool-a'), readFeed('tool-b')]);
    expect(a.status).toBe(429);
    expect(a.headers['content-type']).toContain('application/problem+json');
    expect(a.headers['retry-after']).toBe('1000');
    expect(a.body).toMatchObject({ status: 429, code: 'HTTP.RATE_LIMITED', retriable: true });
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ items: [] });
    // The key counts the same whichever header carries it.
    await readFeed('tool-a', { 'x-api-key': keys['tool-a']! }).expect(429);
    await readFeed('tool-b').expect(200);
  });

  it('counts callers without a known credential by address, and never limits health or docs', async () => {
    // Five calls from this address: no credential, or a token that is not the hub's.
    const anonymous = [];
    for (let call = 0; call < 3; call += 1)
      anonymous.push((await http().get('/v1/requests')).status);
    anonymous.push(
      (await http().get('/v1/requests').set({ authorization: 'Bearer made-up-token' })).status,
    );
    anonymous.push((await http().get('/v1/requests').set({ 'x-api-key': 'another-one' })).status);
    expect(anonymous.slice(0, 3)).not.toContain(429);
    expect(anonymous.slice(3)).toEqual([429, 429]);
    for (let call = 0; call < 5; call += 1) {
      await http().get('/health/live').expect(200);
      // Not served by the test hub (404), but a 429 would come first if docs were limited.
      expect((await http().get('/docs/openapi.json')).status).not.toBe(429);
    }
    // The admin token has a bucket of its own (two calls spent registering the tools).
    await http()
      .get('/v1/connectors')
      .set({ authorization: `Bearer ${ADMIN}` })
      .expect(200);
    await http()
      .get('/v1/connectors')
      .set({ authorization: `Bearer ${ADMIN}` })
      .expect(429);
  });

  it('reads the JSON limits from the configuration', async () => {
    const response = await http()
      .post('/v1/connectors/tool-b/requests')
      .set({ authorization: `Bearer ${keys['tool-b']!}` })
      .send({ pieces: [1, 2, 3] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'HTTP.ARRAY_TOO_LONG', field: '/pieces' });
  });

  it('documents the 429 and its Retry-After on every operation but health, metrics and docs', () => {
    const document = buildOpenApiDocument(hub.app);
    const file = document.paths['/v1/requests']!.post!;
    expect(file.responses['429']).toMatchObject({
      headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
    });
    expect(
      document.paths['/v1/connectors/{connectorId}/feed']!.get!.responses['429'],
    ).toBeDefined();
    expect(document.paths['/health/live']!.get!.responses['429']).toBeUndefined();
    expect(document.paths['/metrics']!.get!.responses['429']).toBeUndefined();
  });
});
