import { Pool, type PoolClient } from 'pg';

import type {
  KeyDestruction,
  KeyRequest,
  KeyScope,
  KeyStore,
  KeyTombstone,
  StoredDataKey,
} from './key-store.port';
import { runSchemaDdl, surviveConnectionLoss } from '@maillage/event-store';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresKeyStoreOptions {
  readonly connectionString: string;
  /** The key store's own schema (e.g. `maillage_keys`), never the event store's. */
  readonly schema: string;
  /** Connections in the pool (default 4). */
  readonly poolSize?: number;
}

interface KeyRow {
  subject_id: string;
  stream_id: string | null;
  key_id: string;
  wrapped_key: Buffer;
  created_at: Date;
}

interface TombstoneRow {
  subject_id: string;
  key_id: string;
  erasure_id: string;
  erased_at: Date;
}

/**
 * Key store in a PostgreSQL schema of its own, so that it can be granted, dumped and restored
 * apart from the events (`pg_dump --schema`). A deleted row stays in the table's pages until
 * they are vacuumed and reused; what it held is a key wrapped under the KEK, useless without the
 * hub secret — the README says so, and how to vacuum.
 */
export class PostgresKeyStore implements KeyStore {
  private constructor(
    private readonly pool: Pool,
    private readonly s: string,
  ) {}

  static async create(options: PostgresKeyStoreOptions): Promise<PostgresKeyStore> {
    if (!IDENTIFIER.test(options.schema)) {
      throw new RangeError(`key store schema "${options.schema}": expected a SQL identifier`);
    }
    const pool = surviveConnectionLoss(
      new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4 }),
    );
    const store = new PostgresKeyStore(pool, `"${options.schema}"`);
    try {
      // Several processes may boot at once: the DDL runs under the schema's lock.
      await runSchemaDdl(pool, options.schema, (client) => client.query(schemaSql(store.s)));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async bindKeyEncryptionKey(fingerprint: string): Promise<string> {
    await this.pool.query(
      `INSERT INTO ${this.s}.key_store_meta (name, value) VALUES ('kek_fingerprint', $1)
       ON CONFLICT DO NOTHING`,
      [fingerprint],
    );
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.s}.key_store_meta WHERE name = 'kek_fingerprint'`,
    );
    return rows[0]!.value;
  }

  /**
   * One statement, one round trip, committed on its own: insert the candidates of (subject,
   * stream) pairs that have no key, record the streams, return every pair's key. The statement's
   * reads share one snapshot, which does not see a key a concurrent transaction committed while
   * our insert waited on it (ON CONFLICT DO NOTHING then skips ours): those few are read again.
   */
  async keysForAppend(requests: readonly KeyRequest[]): Promise<StoredDataKey[]> {
    if (requests.length === 0) return [];
    const { rows } = await this.pool.query<KeyRow>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::timestamptz[], $5::text[])
           AS t (subject_id, key_id, wrapped_key, created_at, stream_id)
       ), inserted AS (
         INSERT INTO ${this.s}.stream_keys (subject_id, stream_id, key_id, wrapped_key, created_at)
         SELECT DISTINCT ON (subject_id, stream_id) subject_id, stream_id, key_id, wrapped_key, created_at
           FROM input
         ON CONFLICT (subject_id, stream_id) DO NOTHING
         RETURNING subject_id, stream_id, key_id, wrapped_key, created_at
       ), linked AS (
         INSERT INTO ${this.s}.subject_streams (subject_id, stream_id)
         SELECT DISTINCT subject_id, stream_id FROM input ON CONFLICT DO NOTHING
       )
       SELECT * FROM inserted
       UNION ALL
       SELECT k.subject_id, k.stream_id, k.key_id, k.wrapped_key, k.created_at
         FROM ${this.s}.stream_keys k
        WHERE (k.subject_id, k.stream_id) IN (SELECT subject_id, stream_id FROM input)`,
      [
        requests.map((r) => r.subjectId),
        requests.map((r) => r.candidate.keyId),
        requests.map((r) => r.candidate.wrappedKey),
        requests.map((r) => r.candidate.createdAt),
        requests.map((r) => r.streamId),
      ],
    );
    const scope = (subjectId: string, streamId: string | null) => `${subjectId}\n${streamId}`;
    const byScope = new Map(rows.map((row) => [scope(row.subject_id, row.stream_id), toKey(row)]));
    const missing = requests.filter((r) => !byScope.has(scope(r.subjectId, r.streamId)));
    if (missing.length > 0) {
      for (const key of await this.findKeys(missing)) {
        if (key.streamId !== null) byScope.set(scope(key.subjectId, key.streamId), key);
      }
    }
    return requests.map((request) => {
      const key = byScope.get(scope(request.subjectId, request.streamId));
      if (!key) throw new Error(`no key for subject ${request.subjectId} after its insert`);
      return key;
    });
  }

  async findKeys(scopes: readonly KeyScope[]): Promise<StoredDataKey[]> {
    if (scopes.length === 0) return [];
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT k.subject_id, k.stream_id, k.key_id, k.wrapped_key, k.created_at
         FROM ${this.s}.stream_keys k
        WHERE (k.subject_id, k.stream_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       UNION ALL
       SELECT subject_id, NULL, key_id, wrapped_key, created_at FROM ${this.s}.data_keys
        WHERE subject_id = ANY($1::text[])`,
      [scopes.map((s) => s.subjectId), scopes.map((s) => s.streamId)],
    );
    return [...new Map(rows.map((row) => [row.key_id, toKey(row)])).values()];
  }

  async keysOf(subjectId: string): Promise<StoredDataKey[]> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT subject_id, NULL AS stream_id, key_id, wrapped_key, created_at
         FROM ${this.s}.data_keys WHERE subject_id = $1
       UNION ALL
       SELECT subject_id, stream_id, key_id, wrapped_key, created_at
         FROM ${this.s}.stream_keys WHERE subject_id = $1`,
      [subjectId],
    );
    return rows.map(toKey);
  }

  destroySubjectKeys(subjectId: string, destruction: KeyDestruction): Promise<KeyTombstone[]> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ subject_id: string; key_id: string }>(
        `WITH subject_key AS (
           DELETE FROM ${this.s}.data_keys WHERE subject_id = $1 RETURNING subject_id, key_id
         ), scoped AS (
           DELETE FROM ${this.s}.stream_keys WHERE subject_id = $1 RETURNING subject_id, key_id
         )
         SELECT * FROM subject_key UNION ALL SELECT * FROM scoped`,
        [subjectId],
      );
      return this.insertTombstones(client, rows, destruction);
    });
  }

  destroyScopedKeys(
    scopes: readonly KeyScope[],
    destruction: KeyDestruction,
  ): Promise<KeyTombstone[]> {
    if (scopes.length === 0) return Promise.resolve([]);
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ subject_id: string; key_id: string }>(
        `DELETE FROM ${this.s}.stream_keys
          WHERE (subject_id, stream_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          RETURNING subject_id, key_id`,
        [scopes.map((s) => s.subjectId), scopes.map((s) => s.streamId)],
      );
      return this.insertTombstones(client, rows, destruction);
    });
  }

  destroySubjectKey(subjectId: string, destruction: KeyDestruction): Promise<KeyTombstone | null> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ subject_id: string; key_id: string }>(
        `DELETE FROM ${this.s}.data_keys WHERE subject_id = $1 RETURNING subject_id, key_id`,
        [subjectId],
      );
      return (await this.insertTombstones(client, rows, destruction))[0] ?? null;
    });
  }

  async tombstones(subjectId: string): Promise<KeyTombstone[]> {
    const { rows } = await this.pool.query<TombstoneRow>(
      `SELECT * FROM ${this.s}.key_tombstones WHERE subject_id = $1 ORDER BY erased_at, key_id`,
      [subjectId],
    );
    return rows.map((row) => ({
      subjectId: row.subject_id,
      keyId: row.key_id,
      erasureId: row.erasure_id,
      erasedAt: row.erased_at.toISOString(),
    }));
  }

  async streamsOf(subjectId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM ${this.s}.subject_streams WHERE subject_id = $1`,
      [subjectId],
    );
    return rows.map((row) => row.stream_id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async insertTombstones(
    client: PoolClient,
    destroyed: readonly { subject_id: string; key_id: string }[],
    destruction: KeyDestruction,
  ): Promise<KeyTombstone[]> {
    if (destroyed.length === 0) return [];
    await client.query(
      `INSERT INTO ${this.s}.key_tombstones (key_id, subject_id, erasure_id, erased_at)
       SELECT key_id, subject_id, $3, $4 FROM unnest($1::text[], $2::text[]) AS t (key_id, subject_id)`,
      [
        destroyed.map((row) => row.key_id),
        destroyed.map((row) => row.subject_id),
        destruction.erasureId,
        destruction.erasedAt,
      ],
    );
    return destroyed.map((row) => ({
      subjectId: row.subject_id,
      keyId: row.key_id,
      ...destruction,
    }));
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    }
  }
}

function toKey(row: KeyRow): StoredDataKey {
  return {
    subjectId: row.subject_id,
    streamId: row.stream_id ?? null,
    keyId: row.key_id,
    wrappedKey: row.wrapped_key,
    createdAt: row.created_at.toISOString(),
  };
}

function schemaSql(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.key_store_meta (
  name  text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.data_keys (
  subject_id  text        PRIMARY KEY,
  key_id      text        NOT NULL,
  wrapped_key bytea       NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.stream_keys (
  subject_id  text        NOT NULL,
  stream_id   text        NOT NULL,
  key_id      text        NOT NULL,
  wrapped_key bytea       NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (subject_id, stream_id)
);
CREATE TABLE IF NOT EXISTS ${s}.key_tombstones (
  key_id     text        PRIMARY KEY,
  subject_id text        NOT NULL,
  erasure_id text        NOT NULL,
  erased_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS key_tombstones_by_subject ON ${s}.key_tombstones (subject_id);
CREATE TABLE IF NOT EXISTS ${s}.subject_streams (
  subject_id text NOT NULL,
  stream_id  text NOT NULL,
  PRIMARY KEY (subject_id, stream_id)
);
`;
}
