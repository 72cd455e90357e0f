import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from './parse-config';

describe('parseConfig: the citizens key store', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'maillage-config-'));
  const SECRET = 'test-secret-test-secret-test-secret-0123';
  const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

  it('keeps the keys in a SQLite file of their own beside the embedded store, cached 30 s', () => {
    const dataDir = dir();
    expect(
      parseConfig({ MAILLAGE_DATA_DIR: dataDir, MAILLAGE_HUB_SECRET: SECRET }).personalData,
    ).toEqual({
      keyStore: { kind: 'sqlite', path: join(dataDir, 'keys.sqlite') },
      keyCacheMs: 30_000,
    });
  });

  it('keeps them in the schema <schema>_keys when the store is on PostgreSQL', () => {
    const config = parseConfig({
      MAILLAGE_DATA_DIR: dir(),
      MAILLAGE_HUB_SECRET: SECRET,
      MAILLAGE_EVENT_STORE: 'postgres',
      DATABASE_URL,
      MAILLAGE_PG_SCHEMA: 'gien',
      MAILLAGE_KEY_CACHE_MS: '0',
    });
    expect(config.personalData).toEqual({
      keyStore: { kind: 'postgres', connectionString: DATABASE_URL, schema: 'gien_keys' },
      keyCacheMs: 0,
    });
  });

  it('takes a file of its own choosing, and refuses what it cannot use', () => {
    const path = join(dir(), 'elsewhere', 'keys.sqlite');
    expect(
      parseConfig({
        MAILLAGE_DATA_DIR: dir(),
        MAILLAGE_HUB_SECRET: SECRET,
        MAILLAGE_KEY_STORE_PATH: path,
      }).personalData.keyStore,
    ).toEqual({ kind: 'sqlite', path });
    expect(() =>
      parseConfig({
        MAILLAGE_DATA_DIR: dir(),
        MAILLAGE_HUB_SECRET: SECRET,
        MAILLAGE_KEY_STORE: 'vault',
      }),
    ).toThrow(/MAILLAGE_KEY_STORE=vault/);
    expect(() =>
      parseConfig({
        MAILLAGE_DATA_DIR: dir(),
        MAILLAGE_HUB_SECRET: SECRET,
        MAILLAGE_KEY_STORE: 'postgres',
      }),
    ).toThrow(/DATABASE_URL is required when MAILLAGE_KEY_STORE=postgres/);
    expect(() =>
      parseConfig({
        MAILLAGE_DATA_DIR: dir(),
        MAILLAGE_HUB_SECRET: SECRET,
        MAILLAGE_KEY_CACHE_MS: '-1',
      }),
    ).toThrow(/MAILLAGE_KEY_CACHE_MS/);
  });
});
