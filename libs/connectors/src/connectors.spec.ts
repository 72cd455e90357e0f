import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedTerritory } from '@maillage/directory';
import { Connectors } from './connectors';
import { hashSecret, parseApiKey } from './keys/api-key';
import { SqliteConnectorStore } from './store/sqlite.connector-store';
import { WebhookTargetPolicy } from './webhook-target/webhook-target-policy';

describe('Connectors', () => {
  let dir: string;
  let store: SqliteConnectorStore;
  let connectors: Connectors;
  const territory = sharedTerritory();
  let clock = new Date('2026-11-29T10:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-connectors-'));
    store = new SqliteConnectorStore(join(dir, 'connectors.sqlite'));
    connectors = new Connectors(store, {
      describeAuthority: (id) => territory.describeAuthority(id),
      communeExists: (code) => territory.commune(code) !== null,
      now: () => clock,
      authCacheMs: 0,
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const gien = {
    id: 'gien-grc',
    authority: 'commune:45155',
    name: 'Mairie de Gien',
    dialect: 'commune-v1',
  };

  it('registers a connector with defaults and a key shown once, stored as a hash', async () => {
    const { connector, key } = await connectors.register(gien);
    expect(connector).toEqual({
      ...gien,
      timeZone: 'Europe/Paris',
      defaultInseeCode: '45155',
      delivery: { kafka: true, webhook: null },
      status: 'active',
      createdAt: '2026-11-29T10:00:00.000Z',
      updatedAt: '2026-11-29T10:00:00.000Z',
    });
    const stored = await store.findKey(key.keyId);
    expect(stored?.secretHash).toBe(hashSecret(parseApiKey(key.key)!.secret));
    expect(JSON.stringify(await store.keysOf('gien-grc'))).not.toContain(key.key);
  });

  it.each([
    [{ id: 'Gien' }, 'id'],
    [{ authority: 'commune:99999' }, 'authority'],
    [{ authority: 'mairie' }, 'authority'],
    [{ name: ' ' }, 'name'],
    [{ dialect: 'commune-v9' }, 'dialect'],
    [{ timeZone: 'Europe/Gien' }, 'timeZone'],
    [{ defaultInseeCode: '00000' }, 'defaultInseeCode'],
  ])('refuses %p, naming %s, and stores nothing', async (change, field) => {
    await expect(connectors.register({ ...gien, ...change })).rejects.toMatchObject({
      code: 'CONNECTOR.INVALID',
      field,
    });
    expect(await connectors.list()).toEqual([]);
  });

  it('authenticates a connector by its key, and only for itself', async () => {
    const { key } = await connectors.register(gien);
    await connectors.register({
      id: 'loiret-grc',
      authority: 'departement:45',
      name: 'Loiret',
      dialect: 'departement-v1',
    });
    await expect(connectors.authenticate('gien-grc', key.key)).resolves.toMatchObject({
      id: 'gien-grc',
    });
    await expect(connectors.authenticate('loiret-grc', key.key)).rejects.toMatchObject({
      code: 'CONNECTOR.FORBIDDEN',
    });
    await expect(connectors.authenticate('gien-grc', undefined)).rejects.toMatchObject({
      code: 'CONNECTOR.UNAUTHENTICATED',
    });
    const forged = key.key.slice(0, -1) + (key.key.endsWith('A') ? 'B' : 'A');
    await expect(connectors.authenticate('gien-grc', forged)).rejects.toMatchObject({
      code: 'CONNECTOR.UNAUTHENTICATED',
    });
  });

  it('rotates: a new key works beside the old one until the old one is revoked', async () => {
    const { key: first } = await connectors.register(gien);
    const second = await connectors.issueKey('gien-grc');
    await expect(connectors.authenticate('gien-grc', first.key)).resolves.toBeDefined();
    await expect(connectors.authenticate('gien-grc', second.key)).resolves.toBeDefined();
    clock = new Date('2026-11-29T11:00:00.000Z');
    const revoked = await connectors.revokeKey('gien-grc', first.keyId);
    expect(revoked).toEqual({
      keyId: first.keyId,
      scopes: ['ingest', 'subscribe'],
      createdAt: '2026-11-29T10:00:00.000Z',
      revokedAt: '2026-11-29T11:00:00.000Z',
    });
    await expect(connectors.authenticate('gien-grc', first.key)).rejects.toMatchObject({
      code: 'CONNECTOR.UNAUTHENTICATED',
    });
    await expect(connectors.authenticate('gien-grc', second.key)).resolves.toBeDefined();
    await expect(connectors.revokeKey('gien-grc', 'nosuchkeyidx')).rejects.toMatchObject({
      code: 'CONNECTOR.KEY_NOT_FOUND',
    });
  });

  it('a disabled connector cannot act, and an update never changes its authority', async () => {
    const { key } = await connectors.register(gien);
    await connectors.update('gien-grc', { status: 'disabled' });
    await expect(connectors.authenticate('gien-grc', key.key)).rejects.toMatchObject({
      code: 'CONNECTOR.DISABLED',
    });
    await expect(connectors.load([{ ...gien, authority: 'departement:45' }])).rejects.toMatchObject(
      { code: 'CONNECTOR.FILE_INVALID', field: 'authority' },
    );
  });

  it('loads connectors from definitions with key hashes, idempotently', async () => {
    const secretHash = hashSecret('x'.repeat(43));
    const definitions = [{ ...gien, keys: [{ keyId: 'abcdefghijkl', secretHash }] }];
    await connectors.load(definitions);
    await connectors.load([{ ...definitions[0]!, name: 'Mairie de Gien (v2)' }]);
    expect(await connectors.list()).toHaveLength(1);
    expect((await connectors.require('gien-grc')).name).toBe('Mairie de Gien (v2)');
    await expect(
      connectors.authenticate('gien-grc', `mlg_abcdefghijkl_${'x'.repeat(43)}`),
    ).resolves.toMatchObject({ id: 'gien-grc' });
    await expect(
      connectors.load([{ ...gien, keys: [{ keyId: 'short', secretHash }] }]),
    ).rejects.toMatchObject({ code: 'CONNECTOR.FILE_INVALID', field: 'keys/0' });
  });

  it('seeds the demo connectors with the same keys at every start', async () => {
    const first = await connectors.seedDemo('demo-secret-demo-secret-demo-secret-0');
    const again = await connectors.seedDemo('demo-secret-demo-secret-demo-secret-0');
    expect(first.map(({ connector }) => connector.id)).toEqual([
      'gien-grc',
      'cc-giennoises-grc',
      'loiret-grc',
      'gien-open311',
    ]);
    expect(again.map(({ key }) => key.key)).toEqual(first.map(({ key }) => key.key));
    for (const { connector, key } of first) {
      await expect(connectors.authenticate(connector.id, key.key)).resolves.toBeDefined();
    }
    expect((await connectors.ofAuthority('commune:45155')).map((c) => c.id)).toEqual([
      'gien-grc',
      'gien-open311',
    ]);
  });

  it('tells listeners of every change', async () => {
    const seen: string[] = [];
    connectors.onChange((connector) => {
      seen.push(`${connector.id}:${connector.status}`);
      return Promise.resolve();
    });
    await connectors.register(gien);
    await connectors.update('gien-grc', { status: 'disabled' });
    expect(seen).toEqual(['gien-grc:active', 'gien-grc:disabled']);
  });

  it('takes a webhook URL over https, or http to this machine only, naming the field otherwise', async () => {
    for (const url of [
      'http://grc.gien.fr/hooks',
      'ftp://grc.gien.fr/hooks',
      'https://user:pw@grc.gien.fr/hooks',
      'https://grc.gien.fr/hooks#x',
      'not a url',
      // Not a public host, and not allowed by an operator (server-side request forgery).
      'http://127.0.0.1:8080/hooks',
      'https://169.254.169.254/latest/meta-data/',
    ]) {
      await expect(
        connectors.register({ ...gien, delivery: { webhook: { url } } }),
      ).rejects.toMatchObject({ code: 'CONNECTOR.INVALID', field: 'delivery.webhook.url' });
    }
    const allowing = new Connectors(store, {
      describeAuthority: (id) => territory.describeAuthority(id),
      communeExists: (code) => territory.commune(code) !== null,
      webhookTargets: new WebhookTargetPolicy(['127.0.0.1']),
    });
    const { connector } = await allowing.register({
      ...gien,
      delivery: { webhook: { url: 'http://127.0.0.1:8080/hooks' } },
    });
    expect(connector.delivery.webhook).toEqual({
      url: 'http://127.0.0.1:8080/hooks',
      secrets: [],
      disabledAt: null,
      disabledReason: null,
    });
  });

  it('keeps webhook secrets and the disabled state server-owned; setting the URL again re-enables', async () => {
    await connectors.register({ ...gien, delivery: { webhook: { url: 'https://grc.gien.fr/a' } } });
    const secret = {
      secretId: 'whk_1',
      scheme: 'hmac-sha256' as const,
      publicKey: null,
      createdAt: clock.toISOString(),
    };
    await connectors.setWebhookSecrets('gien-grc', [secret]);
    const disabled = await connectors.disableWebhook('gien-grc', 'the receiver answered 410 Gone');
    expect(disabled.delivery.webhook).toMatchObject({
      disabledAt: clock.toISOString(),
      disabledReason: 'the receiver answered 410 Gone',
    });
    // A PATCH of other settings leaves the webhook as it is.
    expect((await connectors.update('gien-grc', { name: 'Gien' })).delivery.webhook).toEqual(
      disabled.delivery.webhook,
    );
    const smuggled = {
      url: 'https://grc.gien.fr/b',
      secrets: [],
      disabledAt: '2020-01-01T00:00:00.000Z',
    } as { url: string };
    const updated = await connectors.update('gien-grc', { delivery: { webhook: smuggled } });
    expect(updated.delivery.webhook).toEqual({
      url: 'https://grc.gien.fr/b',
      secrets: [secret],
      disabledAt: null,
      disabledReason: null,
    });
    expect((await connectors.update('gien-grc', { delivery: { webhook: null } })).delivery).toEqual(
      {
        kafka: true,
        webhook: null,
      },
    );
    await expect(connectors.disableWebhook('gien-grc', 'x')).rejects.toMatchObject({
      code: 'CONNECTOR.INVALID',
    });
  });
});
