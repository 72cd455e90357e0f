import { Client } from 'pg';

/** How long to wait before re-establishing a lost LISTEN connection (ms). */
const RECONNECT_DELAY_MS = 1_000;

/**
 * Wakes this process's subscriptions when any process commits an append to the schema
 * (`pg_notify` inside the append transaction, delivered at COMMIT). It cuts the latency of live
 * subscriptions to a round trip; it is only a hint: if the LISTEN connection is down, or a
 * notification is lost, the subscriptions' polling still finds the events.
 * The dedicated connection is opened with the first listener and closed with the last.
 */
export class PostgresAppendListener {
  private readonly wakers = new Set<() => void>();
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Connections being closed; `close()` waits for them so that no socket outlives the store. */
  private readonly ending = new Set<Promise<void>>();

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  /** Registers a wake-up callback; returns the function that unregisters it. */
  onAppended(wake: () => void): () => void {
    this.wakers.add(wake);
    if (this.client === null && this.reconnectTimer === null) this.connect();
    return () => {
      this.wakers.delete(wake);
      if (this.wakers.size === 0) void this.disconnect();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakers.clear();
    await this.disconnect();
    await Promise.all([...this.ending]);
  }

  private connect(): void {
    if (this.closed || this.wakers.size === 0) return;
    const client = new Client({ connectionString: this.connectionString });
    this.client = client;
    client.on('notification', () => {
      for (const wake of this.wakers) wake();
    });
    client.on('error', () => this.retryLater(client));
    client
      .connect()
      .then(() => client.query(`LISTEN "${this.channel}"`))
      // Events committed while the listener was down are found by polling; waking once here
      // just shortens that wait.
      .then(() => this.wakers.forEach((wake) => wake()))
      .catch(() => this.retryLater(client));
  }

  private retryLater(failed: Client): void {
    if (this.client !== failed) return;
    this.client = null;
    void this.end(failed);
    if (this.closed || this.wakers.size === 0 || this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    if (client !== null) await this.end(client);
  }

  private end(client: Client): Promise<void> {
    const ending = client.end().catch(() => undefined);
    this.ending.add(ending);
    void ending.finally(() => this.ending.delete(ending));
    return ending;
  }
}
