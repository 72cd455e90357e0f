import { Pool } from 'pg';

import { runSchemaDdl, surviveConnectionLoss } from '@maillage/event-store';

import type {
  DeadLetterKey,
  DeadLetterKeyStore,
  DeadLetterKeyTombstone,
  DeadLetterReplay,
} from './dead-letter-key-store.port';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const schemaSql = (s: string): string => `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.dead_letter_keys (
  key_id           TEXT PRIMARY KEY,
  wrapped_key      BYTEA NOT NULL,
  created_at       TIMESTAMPTZ NOT NULL,
  dlq_topic        TEXT NOT NULL,
  consumer         TEXT NOT NULL,
  source_topic     TEXT NOT NULL,
  source_partition INTEGER,
  source_offset    TEXT
);
CREATE TABLE IF NOT EXISTS ${s}.dead_letter_key_tombstones (
  key_id       TEXT PRIMARY KEY,
  erasure_id   TEXT NOT NULL,
  destroyed_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.dead_letter_replays (
  dead_letter TEXT PRIMARY KEY,
  topic       TEXT NOT NULL,
  replayed_at TIMESTAMPTZ NOT NULL
);
`;

interface KeyRow {
  key_id: string;
  wrapped_key: Buffer;
  created_at: Date;
  dlq_topic: string;
  consumer: string;
  source_topic: string;
  source_partition: number | null;
  source_offset: string | null;
}

interface ReplayRow {
  dead_letter: string;
  topic: string;
  replayed_at: Date;
}

/**
 * Dead-letter keys in the key store's PostgreSQL schema (`<schema>_keys`), tables of their own.
 * As for the key store, a deleted row stays in the table's pages until vacuumed: a wrapped key,
 * useless without the hub secret.
 */
export class PostgresDeadLetterKeyStore implements DeadLetterKeyStore {
  private constructor(
    private readonly pool: Pool,
    private readonly s: string,
  ) {}

  static async create(
    connectionString: string,
    schema: string,
  ): Promise<PostgresDeadLetterKeyStore> {
    if (!IDENTIFIER.test(schema)) {
      throw new RangeError(`dead-letter key schema "${schema}": expected a SQL identifier`);
    }
    const pool = surviveConnectionLoss(new Pool({ connectionString, max: 2 }));
    const store = new PostgresDeadLetterKeyStore(pool, `"${schema}"`);
    // Several processes may boot at once: the DDL runs under the schema's lock.
    await runSchemaDdl(pool, schema, (client) => client.query(schemaSql(store.s))).catch(
      async (error: unknown) => {
        await pool.end();
        throw error;
      },
    );
    return store;
  }

  async save(key: DeadLetterKey): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.dead_letter_keys (key_id, wrapped_key, created_at, dlq_topic,
         consumer, source_topic, source_partition, source_offset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        key.keyId,
        key.wrappedKey,
        key.createdAt,
        key.dlqTopic,
        key.consumer,
        key.sourceTopic,
        key.sourcePartition,
        key.sourceOffset,
      ],
    );
  }

  async find(keyIds: readonly string[]): Promise<DeadLetterKey[]> {
    if (keyIds.length === 0) return [];
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT * FROM ${this.s}.dead_letter_keys WHERE key_id = ANY($1::text[])`,
      [keyIds],
    );
    return rows.map(toKey);
  }

  async live(): Promise<DeadLetterKey[]> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT * FROM ${this.s}.dead_letter_keys ORDER BY created_at`,
    );
    return rows.map(toKey);
  }

  async destroy(
    keyIds: readonly string[],
    destruction: { readonly erasureId: string; readonly destroyedAt: string },
  ): Promise<number> {
    if (keyIds.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `WITH gone AS (
         DELETE FROM ${this.s}.dead_letter_keys WHERE key_id = ANY($1::text[]) RETURNING key_id
       )
       INSERT INTO ${this.s}.dead_letter_key_tombstones (key_id, erasure_id, destroyed_at)
       SELECT key_id, $2, $3 FROM gone ON CONFLICT DO NOTHING`,
      [keyIds, destruction.erasureId, destruction.destroyedAt],
    );
    return rowCount ?? 0;
  }

  async tombstones(keyIds: readonly string[]): Promise<DeadLetterKeyTombstone[]> {
    if (keyIds.length === 0) return [];
    const { rows } = await this.pool.query<{
      key_id: string;
      erasure_id: string;
      destroyed_at: Date;
    }>(`SELECT * FROM ${this.s}.dead_letter_key_tombstones WHERE key_id = ANY($1::text[])`, [
      keyIds,
    ]);
    return rows.map((row) => ({
      keyId: row.key_id,
      erasureId: row.erasure_id,
      destroyedAt: row.destroyed_at.toISOString(),
    }));
  }

  async expire(before: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM ${this.s}.dead_letter_keys WHERE created_at < $1`,
      [before],
    );
    await this.pool.query(
      `DELETE FROM ${this.s}.dead_letter_key_tombstones WHERE destroyed_at < $1`,
      [before],
    );
    await this.pool.query(`DELETE FROM ${this.s}.dead_letter_replays WHERE replayed_at < $1`, [
      before,
    ]);
    return rowCount ?? 0;
  }

  async recordReplay(replay: DeadLetterReplay): Promise<DeadLetterReplay> {
    await this.pool.query(
      `INSERT INTO ${this.s}.dead_letter_replays (dead_letter, topic, replayed_at)
       VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [replay.deadLetter, replay.topic, replay.replayedAt],
    );
    return (await this.replayOf(replay.deadLetter))!;
  }

  async replayOf(deadLetter: string): Promise<DeadLetterReplay | null> {
    const { rows } = await this.pool.query<ReplayRow>(
      `SELECT * FROM ${this.s}.dead_letter_replays WHERE dead_letter = $1`,
      [deadLetter],
    );
    const row = rows[0];
    return row
      ? { deadLetter: row.dead_letter, topic: row.topic, replayedAt: row.replayed_at.toISOString() }
      : null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toKey(row: KeyRow): DeadLetterKey {
  return {
    keyId: row.key_id,
    wrappedKey: row.wrapped_key,
    createdAt: row.created_at.toISOString(),
    dlqTopic: row.dlq_topic,
    consumer: row.consumer,
    sourceTopic: row.source_topic,
    sourcePartition: row.source_partition,
    sourceOffset: row.source_offset,
  };
}
