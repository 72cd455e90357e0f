import { Client } from 'pg';
import type { DeliveryLease, DeliveryLeases } from './delivery-lease.port';

interface Session {
  readonly client: Client;
  /** Aborted when the session ends: PostgreSQL has then released every lock it held. */
  readonly ended: AbortController;
  /** The session's last query: one connection runs one query at a time, so they queue. */
  queue: Promise<unknown>;
}

/**
 * Leases as PostgreSQL session advisory locks, one per connector (`pg_try_advisory_lock` on the
 * hashes of the schema and of the connector id), all held by one dedicated connection of this
 * process. The server releases a session's locks when the session ends — the process exited,
 * was killed, or lost its connection — so another instance takes over without any expiry to
 * tune; a kill -9 closes the socket and the lock is free at once.
 *
 * What can go wrong: if the connection drops while this process lives, the server may release
 * the locks (as soon as it notices) before this process does; the leases' `lost` signal fires
 * when the client notices, and until then an attempt in flight may overlap with the new holder's
 * first one (the same message, with the same `webhook-id`). Two connectors whose ids hash alike
 * share a lock: still one holder at a time, only less spread between instances.
 */
export class PostgresDeliveryLeases implements DeliveryLeases {
  private session: Session | null = null;
  private opening: Promise<Session> | null = null;
  private closed = false;
  private readonly namespace: string;

  constructor(
    private readonly connectionString: string,
    schema: string,
  ) {
    this.namespace = `maillage.webhooks.${schema}`;
  }

  async tryAcquire(connectorId: string): Promise<DeliveryLease | null> {
    const session = await this.open();
    const locked = await query<{ locked: boolean }>(
      session,
      'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked',
      [this.namespace, connectorId],
    );
    if (locked[0]?.locked !== true) return null;
    return {
      lost: session.ended.signal,
      release: async () => {
        if (session.ended.signal.aborted) return;
        await query(session, 'SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [
          this.namespace,
          connectorId,
        ]).catch(() => undefined);
      },
    };
  }

  /** Ends the session: every lease it held is released at once. */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session ?? (await this.opening?.catch(() => null)) ?? null;
    this.session = null;
    if (!session) return;
    session.ended.abort(new Error('webhook delivery leases closed'));
    await session.client.end().catch(() => undefined);
  }

  private open(): Promise<Session> {
    if (this.closed) return Promise.reject(new Error('webhook delivery leases closed'));
    if (this.session) return Promise.resolve(this.session);
    this.opening ??= this.connect().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async connect(): Promise<Session> {
    const client = new Client({
      connectionString: this.connectionString,
      // Detects a peer that vanished without closing (a cut network) instead of waiting forever.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // Lets an operator see which process holds which connector (pg_locks ⋈ pg_stat_activity).
      application_name: `maillage-webhooks-${process.pid}`,
    });
    const session: Session = { client, ended: new AbortController(), queue: Promise.resolve() };
    const end = (): void => {
      if (this.session === session) this.session = null;
      session.ended.abort(new Error('the session holding the webhook delivery leases ended'));
    };
    client.on('error', end);
    client.on('end', end);
    await client.connect();
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('webhook delivery leases closed');
    }
    this.session = session;
    return session;
  }
}

/** Runs a query after the session's previous ones. */
function query<Row extends object>(
  session: Session,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const result = session.queue
    .catch(() => undefined)
    .then(() => session.client.query<Row>(text, values))
    .then((answer) => answer.rows);
  session.queue = result;
  return result;
}
