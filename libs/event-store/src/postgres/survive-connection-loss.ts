import type { Pool } from 'pg';

/**
 * Keeps a pool's lost connections from crashing the process. pg emits `error` on a client whose
 * connection ends (PostgreSQL stopped or restarted, `pg_terminate_backend`) while none of its
 * queries runs: through the pool for an idle client, on the client itself for one checked out —
 * e.g. held in a transaction while its owner awaits Kafka. An `error` event nobody listens to is
 * an uncaught exception, and the whole app dies. Both are listened to here: the next query on
 * that client fails like any failed query, for the caller to handle, and the pool drops the
 * client when it is released (it is no longer queryable). Call it right after `new Pool`.
 */
export function surviveConnectionLoss<T extends Pool>(pool: T): T {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}
