import type { Pool, PoolClient } from 'pg';

/**
 * Runs `ddl` (the `CREATE ... IF NOT EXISTS` of a component's tables) in one transaction, under
 * the advisory lock of `schema`.
 *
 * `CREATE SCHEMA IF NOT EXISTS` and `CREATE TABLE IF NOT EXISTS` are not safe against each other:
 * two sessions that both find the name free both insert it, and the loser fails on the catalog's
 * unique index (`pg_namespace_nspname_index`, 23505). Processes booting together, and components
 * of one process opening their stores at once (the citizens' keys and the dead-letter keys share
 * the `<schema>_keys` schema), do exactly that. The lock is keyed by the schema alone, whoever
 * asks, so every creator of a schema waits for the others; it is released at COMMIT.
 *
 * `schema` is the schema's name, quoted or not. Throws what PostgreSQL threw, after a ROLLBACK;
 * a client left in an unknown state is discarded, not returned to the pool.
 */
export async function runSchemaDdl(
  pool: Pool,
  schema: string,
  ddl: (client: PoolClient) => Promise<unknown>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [schemaLockName(schema)]);
    await ddl(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
    throw error;
  }
  client.release();
}

/** The advisory lock's name for a schema: the same for `maillage` and `"maillage"`. */
function schemaLockName(schema: string): string {
  const bare = schema.length > 1 && schema.startsWith('"') ? schema.slice(1, -1) : schema;
  return `maillage.schema.${bare}`;
}
