import { createHash } from 'node:crypto';

import type { Pool } from 'pg';

import { runSchemaDdl } from './schema-ddl';
import { translatePgError } from './translate-pg-error';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema name checked once, so that it can be spliced into SQL text as a quoted identifier. */
export function quotedSchema(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new RangeError(`PostgreSQL schema "${schema}": expected a lower-case SQL identifier`);
  }
  return `"${schema}"`;
}

/**
 * NOTIFY channel announcing appends in a schema. Channel names are limited to 63 bytes, so the
 * schema name is hashed rather than embedded.
 */
export function appendChannel(schema: string): string {
  return `maillage_appended_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

/**
 * Tables of the PostgreSQL store. `log_head` is the single row every appender locks first (see
 * `postgres.append-batch.ts`); its value is the last assigned position, so positions are dense
 * and come from no sequence. JSON columns are `json`, not `jsonb`: `json` keeps the exact text
 * inserted — the canonical serialisation that was hashed — where `jsonb` would re-encode it.
 */
function schemaSql(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position  bigint  NOT NULL
);
INSERT INTO ${s}.log_head (singleton, position) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS ${s}.events (
  position      bigint      PRIMARY KEY,
  stream_id     text        NOT NULL,
  revision      integer     NOT NULL,
  event_id      text        NOT NULL UNIQUE,
  type          text        NOT NULL,
  data          json        NOT NULL,
  personal      json,
  metadata      json        NOT NULL,
  recorded_at   timestamptz NOT NULL,
  hash          text        NOT NULL,
  previous_hash text,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
  subscriber text   PRIMARY KEY,
  position   bigint NOT NULL
);
CREATE OR REPLACE FUNCTION ${s}.forbid_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END $$;
`;
}

const TRIGGERS: ReadonlyArray<{ name: string; sql: (s: string) => string }> = [
  {
    name: 'events_append_only',
    sql: (s) => `CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
                 FOR EACH ROW EXECUTE FUNCTION ${s}.forbid_event_change()`,
  },
  {
    name: 'events_no_truncate',
    sql: (s) => `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
                 FOR EACH STATEMENT EXECUTE FUNCTION ${s}.forbid_event_change()`,
  },
];

/**
 * Creates the schema, tables and append-only triggers if missing. Idempotent and safe when several
 * processes start at once: the DDL runs under a transaction-scoped advisory lock, since
 * `CREATE ... IF NOT EXISTS` alone can still collide on the catalog's unique indexes.
 */
export async function ensurePostgresSchema(pool: Pool, schema: string): Promise<void> {
  const s = quotedSchema(schema);
  try {
    await runSchemaDdl(pool, schema, async (client) => {
      await client.query(schemaSql(s));
      for (const trigger of TRIGGERS) {
        const { rowCount } = await client.query(
          'SELECT 1 FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname = $2',
          [`${s}.events`, trigger.name],
        );
        if (rowCount === 0) await client.query(trigger.sql(s));
      }
    });
  } catch (error) {
    throw translatePgError(error);
  }
}
