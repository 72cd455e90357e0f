import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { hashSecret } from '@maillage/connectors';
import { createTestHub, type TestHub } from '../testing/test-hub';

const ADMIN = 'admin-token-admin-token-admin-token-0001';

describe('connectors admin API', () => {
  let hub: TestHub;
  const http = () => request(hub.app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN}` };
  const gien = {
    id: 'gien-grc',
    authority: 'commune:45155',
    name: 'Mairie de Gien — GRC',
    dialect: 'commune-v1',
  };

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
    });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('refuses calls without the admin token, or with another one', async () => {
    const missing = await http().get('/v1/connectors').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', field: 'authorization' });
    await http().get('/v1/connectors').set({ authorization: 'Bearer nope' }).expect(401);
    await http().post('/v1/connectors').send(gien).expect(401);
    expect((await http().get('/v1/connectors').set(admin).expect(200)).body).toEqual({ items: [] });
  });

  it('registers a connector and shows its key once; keys are listed without their secret', async () => {
    const created = await http().post('/v1/connectors').set(admin).send(gien).expect(201);
    expect(created.headers['location']).toBe('/v1/connectors/gien-grc');
    const body = created.body as { connector: unknown; apiKey: { keyId: string; key: string } };
    expect(body.connector).toMatchObject({
      ...gien,
      timeZone: 'Europe/Paris',
      defaultInseeCode: '45155',
      delivery: { kafka: true },
      status: 'active',
    });
    expect(body.apiKey.key).toMatch(/^mlg_[a-z2-7]{12}_/);
    const shown = await http().get('/v1/connectors/gien-grc').set(admin).expect(200);
    // The secret is base64url and may itself contain '_': take everything after the key id.
    const secret = body.apiKey.key.slice('mlg_'.length + 12 + 1);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    expect((shown.body as { keys: unknown[] }).keys).toEqual([
      {
        keyId: body.apiKey.keyId,
        scopes: ['ingest', 'subscribe'],
        createdAt: expect.any(String) as string,
        revokedAt: null,
      },
    ]);
    // A connector's key, whatever its scopes, does not open the admin API.
    const own = { authorization: `Bearer ${body.apiKey.key}` };
    const refused = await http().get('/v1/connectors').set(own).expect(403);
    expect(refused.body.code).toBe('AUTH.SCOPE_MISSING');
  });

  it('issues keys with the scopes asked for, and refuses unknown scopes', async () => {
    const issued = await http()
      .post('/v1/connectors/gien-grc/keys')
      .set(admin)
      .send({ scopes: ['audit'] })
      .expect(201);
    expect(issued.body.apiKey.scopes).toEqual(['audit']);
    const auditOnly = { authorization: `Bearer ${issued.body.apiKey.key}` };
    const write = await http()
      .post('/v1/connectors/gien-grc/requests')
      .set(auditOnly)
      .send({})
      .expect(403);
    expect(write.body).toMatchObject({ code: 'AUTH.SCOPE_MISSING', field: 'authorization' });
    const bad = await http()
      .post('/v1/connectors/gien-grc/keys')
      .set(admin)
      .send({ scopes: ['root'] })
      .expect(400);
    expect(bad.body.errors[0].field).toMatch(/^scopes/);
    const keys = (await http().get('/v1/connectors/gien-grc').set(admin).expect(200)).body.keys;
    expect(keys).toHaveLength(2);
  });

  it('names the field at fault and records nothing', async () => {
    const bad = await http()
      .post('/v1/connectors')
      .set(admin)
      .send({ ...gien, id: 'Gien GRC', dialect: 'whatever' })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.INVALID' });
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(
      ['dialect', 'id'],
    );
    const unknown = await http()
      .post('/v1/connectors')
      .set(admin)
      .send({ ...gien, id: 'nowhere-grc', authority: 'commune:99999' })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'CONNECTOR.INVALID', field: 'authority' });
    const extra = await http()
      .post('/v1/connectors')
      .set(admin)
      .send({ ...gien, id: 'other-grc', status: 'active', createdAt: 'x' })
      .expect(400);
    expect(extra.body).toMatchObject({ code: 'VALIDATION.INVALID' });
    const ids = (
      (await http().get('/v1/connectors').set(admin)).body as { items: { id: string }[] }
    ).items.map((c) => c.id);
    expect(ids).toEqual(['gien-grc']);
  });

  it('takes a webhook URL, refuses server-owned webhook fields, and issues secrets only with a URL', async () => {
    const hook = {
      ...gien,
      id: 'gien-hook',
      delivery: { webhook: { url: 'http://grc.gien.fr/h' } },
    };
    const refused = await http().post('/v1/connectors').set(admin).send(hook).expect(400);
    expect(refused.body).toMatchObject({
      code: 'CONNECTOR.INVALID',
      field: 'delivery.webhook.url',
    });
    await http()
      .post('/v1/connectors')
      .set(admin)
      .send({ ...hook, delivery: { webhook: { url: 'https://grc.gien.fr/h', secrets: [] } } })
      .expect(400);
    await http()
      .post('/v1/connectors')
      .set(admin)
      .send({ ...hook, delivery: {} })
      .expect(201);
    const none = await http()
      .post('/v1/connectors/gien-hook/webhook-secrets')
      .set(admin)
      .send({})
      .expect(409);
    expect(none.body).toMatchObject({ code: 'WEBHOOK.NOT_CONFIGURED' });
    await http()
      .patch('/v1/connectors/gien-hook')
      .set(admin)
      .send({ delivery: { webhook: { url: 'https://grc.gien.fr/h' } } })
      .expect(200);
    await http()
      .post('/v1/connectors/gien-hook/webhook-secrets')
      .set(admin)
      .send({ scheme: 'rsa' })
      .expect(400);
    const issued = await http()
      .post('/v1/connectors/gien-hook/webhook-secrets')
      .set(admin)
      .send({})
      .expect(201);
    const secret = (issued.body as { webhookSecret: { secretId: string; secret: string } })
      .webhookSecret;
    expect(secret.secret).toMatch(/^whsec_/);
    const shown = await http().get('/v1/connectors/gien-hook').set(admin).expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(secret.secret.slice(6));
    expect(shown.body).toMatchObject({
      connector: {
        delivery: { webhook: { secrets: [{ secretId: secret.secretId, scheme: 'hmac-sha256' }] } },
      },
    });
    await http()
      .delete(`/v1/connectors/gien-hook/webhook-secrets/${secret.secretId}`)
      .set(admin)
      .expect(204);
    await http()
      .delete(`/v1/connectors/gien-hook/webhook-secrets/${secret.secretId}`)
      .set(admin)
      .expect(404);
    await http().post('/v1/connectors/gien-hook/webhook-secrets').send({}).expect(401);
  });

  it('refuses a second connector with the same id', async () => {
    const again = await http().post('/v1/connectors').set(admin).send(gien).expect(409);
    expect(again.body).toMatchObject({ code: 'CONNECTOR.ALREADY_EXISTS', field: 'id' });
  });

  it('authenticates ingest by connector key: rotation, revocation, other connectors, disabling', async () => {
    const loiret = await http()
      .post('/v1/connectors')
      .set(admin)
      .send({
        id: 'loiret-grc',
        authority: 'departement:45',
        name: 'Loiret',
        dialect: 'departement-v1',
      })
      .expect(201);
    const loiretKey = (loiret.body as { apiKey: { key: string; keyId: string } }).apiKey;
    const ingest = (connector: string, key?: string) =>
      http()
        .post(`/v1/connectors/${connector}/requests`)
        .set(key ? { authorization: `Bearer ${key}` } : {})
        .send({});

    const none = await ingest('loiret-grc').expect(401);
    expect(none.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', field: 'authorization' });
    expect((await ingest('gien-grc', loiretKey.key).expect(403)).body).toMatchObject({
      code: 'CONNECTOR.FORBIDDEN',
    });

    const rotated = await http().post('/v1/connectors/loiret-grc/keys').set(admin).expect(201);
    const newKey = (rotated.body as { apiKey: { key: string } }).apiKey.key;
    await http().delete(`/v1/connectors/loiret-grc/keys/${loiretKey.keyId}`).set(admin).expect(200);
    expect((await ingest('loiret-grc', loiretKey.key).expect(401)).body).toMatchObject({
      code: 'CONNECTOR.UNAUTHENTICATED',
    });
    // The new key is accepted: what follows is the dialect's verdict on the empty payload.
    expect((await ingest('loiret-grc', newKey).expect(400)).body).toMatchObject({
      code: 'CONNECTOR.PAYLOAD_INVALID',
    });

    await http()
      .patch('/v1/connectors/loiret-grc')
      .set(admin)
      .send({ status: 'disabled' })
      .expect(200);
    expect((await ingest('loiret-grc', newKey).expect(403)).body).toMatchObject({
      code: 'CONNECTOR.DISABLED',
    });
    await http().patch('/v1/connectors/loiret-grc').set(admin).send({ authority: 'x' }).expect(400);
    // A default commune is set with a code and removed with null; any other type is refused.
    const withDefault = await http()
      .patch('/v1/connectors/loiret-grc')
      .set(admin)
      .send({ defaultInseeCode: '45155' })
      .expect(200);
    expect(withDefault.body).toMatchObject({ connector: { defaultInseeCode: '45155' } });
    const cleared = await http()
      .patch('/v1/connectors/loiret-grc')
      .set(admin)
      .send({ defaultInseeCode: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ connector: { defaultInseeCode: null } });
    const refused = await http()
      .patch('/v1/connectors/loiret-grc')
      .set(admin)
      .send({ defaultInseeCode: 45155 })
      .expect(400);
    expect(refused.body).toMatchObject({ field: 'defaultInseeCode' });
  });
});

describe('connectors admin API without a token', () => {
  it('is closed', async () => {
    const hub = await createTestHub('sqlite', { MAILLAGE_DEMO_CONNECTORS: 'off' });
    try {
      const closed = await request(hub.app.getHttpServer()).get('/v1/connectors').expect(403);
      expect(closed.body).toMatchObject({ code: 'ADMIN.CLOSED' });
    } finally {
      await hub.close();
    }
  });
});

describe('connectors loaded from MAILLAGE_CONNECTORS_FILE at boot', () => {
  it('creates them with their keys given by hash, and refuses a malformed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-connectors-file-'));
    const secret = 's'.repeat(43);
    const file = join(dir, 'connectors.json');
    writeFileSync(
      file,
      JSON.stringify({
        connectors: [
          {
            id: 'loiret-bo',
            authority: 'departement:45',
            name: 'Loiret — back office',
            dialect: 'departement-v1',
            keys: [{ keyId: 'loiretbokey2', secretHash: hashSecret(secret) }],
          },
        ],
      }),
    );
    const hub = await createTestHub('sqlite', {
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_CONNECTORS_FILE: file,
    });
    try {
      const answer = await request(hub.app.getHttpServer())
        .post('/v1/connectors/loiret-bo/requests')
        .set({ authorization: `Bearer mlg_loiretbokey2_${secret}` })
        .send({ TYPE_MESSAGE: 'CREATION' })
        .expect(400);
      // Authenticated: what is refused is the payload, not the key.
      expect(answer.body).toMatchObject({ code: 'CONNECTOR.PAYLOAD_INVALID' });
    } finally {
      await hub.close();
    }
    writeFileSync(file, '{ "connectors": "nope" }');
    await expect(
      createTestHub('sqlite', { MAILLAGE_DEMO_CONNECTORS: 'off', MAILLAGE_CONNECTORS_FILE: file }),
    ).rejects.toMatchObject({ code: 'CONNECTOR.FILE_INVALID' });
    rmSync(dir, { recursive: true, force: true });
  });
});
