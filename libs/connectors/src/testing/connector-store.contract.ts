import type { Connector, StoredApiKey } from '../connector';
import type { ConnectorStore } from '../store/connector-store.port';

/** A connector as the registry would store it. */
export function sampleConnector(overrides: Partial<Connector> = {}): Connector {
  return {
    id: 'gien-grc',
    authority: 'commune:45155',
    name: 'Mairie de Gien',
    dialect: 'commune-v1',
    timeZone: 'Europe/Paris',
    defaultInseeCode: '45155',
    delivery: { kafka: true },
    status: 'active',
    createdAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:00.000Z',
    ...overrides,
  };
}

export function sampleKey(overrides: Partial<StoredApiKey> = {}): StoredApiKey {
  return {
    keyId: 'abcdefghijkl',
    connectorId: 'gien-grc',
    secretHash: 'a'.repeat(64),
    scopes: ['ingest', 'subscribe'],
    createdAt: '2026-11-29T10:00:00.000Z',
    revokedAt: null,
    ...overrides,
  };
}

/** The behaviour every `ConnectorStore` adapter must have; `open` gives a fresh, empty store. */
export function connectorStoreContract(open: () => Promise<ConnectorStore>): void {
  let store: ConnectorStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores a connector with its first key and reads them back', async () => {
    await store.insert(sampleConnector(), sampleKey());
    expect(await store.get('gien-grc')).toEqual(sampleConnector());
    expect(await store.findKey('abcdefghijkl')).toEqual(sampleKey());
    expect(await store.keysOf('gien-grc')).toEqual([sampleKey()]);
  });

  it('refuses a second connector with the same id, and keeps the first', async () => {
    await store.insert(sampleConnector(), null);
    await expect(
      store.insert(sampleConnector({ name: 'other' }), sampleKey()),
    ).rejects.toMatchObject({ code: 'CONNECTOR.ALREADY_EXISTS', field: 'id' });
    expect((await store.get('gien-grc'))?.name).toBe('Mairie de Gien');
    expect(await store.findKey('abcdefghijkl')).toBeNull();
  });

  it("keeps each key's scopes", async () => {
    await store.insert(sampleConnector(), sampleKey({ scopes: ['audit'] }));
    await store.addKey(sampleKey({ keyId: 'mnopqrstuvwx', scopes: ['ingest', 'admin'] }));
    expect((await store.findKey('abcdefghijkl'))?.scopes).toEqual(['audit']);
    expect((await store.findKey('mnopqrstuvwx'))?.scopes).toEqual(['ingest', 'admin']);
  });

  it('lists connectors by id and answers null for an unknown one', async () => {
    await store.insert(sampleConnector({ id: 'loiret-grc', authority: 'departement:45' }), null);
    await store.insert(sampleConnector(), null);
    expect((await store.list()).map((connector) => connector.id)).toEqual([
      'gien-grc',
      'loiret-grc',
    ]);
    expect(await store.get('nobody')).toBeNull();
  });

  it('updates settings, and refuses to update an unknown connector', async () => {
    await store.insert(sampleConnector(), null);
    await store.update(sampleConnector({ status: 'disabled', name: 'Gien (old tool)' }));
    expect(await store.get('gien-grc')).toMatchObject({
      status: 'disabled',
      name: 'Gien (old tool)',
    });
    await expect(store.update(sampleConnector({ id: 'nobody' }))).rejects.toMatchObject({
      code: 'CONNECTOR.NOT_FOUND',
    });
  });

  it('adds keys and revokes one, keeping the first revocation time', async () => {
    await store.insert(sampleConnector(), sampleKey());
    await store.addKey(sampleKey({ keyId: 'mnopqrstuvwx', createdAt: '2026-11-29T11:00:00.000Z' }));
    const revoked = await store.revokeKey('gien-grc', 'abcdefghijkl', '2026-11-29T12:00:00.000Z');
    expect(revoked?.revokedAt).toBe('2026-11-29T12:00:00.000Z');
    await store.revokeKey('gien-grc', 'abcdefghijkl', '2026-11-30T12:00:00.000Z');
    expect((await store.findKey('abcdefghijkl'))?.revokedAt).toBe('2026-11-29T12:00:00.000Z');
    expect((await store.keysOf('gien-grc')).map((key) => [key.keyId, key.revokedAt])).toEqual([
      ['abcdefghijkl', '2026-11-29T12:00:00.000Z'],
      ['mnopqrstuvwx', null],
    ]);
  });

  it("does not revoke another connector's key", async () => {
    await store.insert(sampleConnector(), sampleKey());
    await store.insert(sampleConnector({ id: 'loiret-grc', authority: 'departement:45' }), null);
    expect(
      await store.revokeKey('loiret-grc', 'abcdefghijkl', '2026-11-29T12:00:00.000Z'),
    ).toBeNull();
    expect((await store.findKey('abcdefghijkl'))?.revokedAt).toBeNull();
  });
}
