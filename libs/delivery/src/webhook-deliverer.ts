import { randomBytes } from 'node:crypto';
import type { Connector, Connectors } from '@maillage/connectors';
import type { FeedItem, FeedPage } from '@maillage/dispatcher';
import type { DeliveryLease, DeliveryLeases } from './leases/delivery-lease.port';
import { InProcessDeliveryLeases } from './leases/in-process.delivery-leases';
import { retryDelayMs } from './sending/retry-policy';
import { type WebhookMessage, webhookIdOf } from './sending/webhook-message';
import type { WebhookSender } from './sending/webhook-sender';
import type { WebhookCursor, WebhookStateStore } from './state/webhook-state.store.port';

/** Where the deliverer reads a connector's messages: `ConnectorFeed` (the hub's log). */
export interface WebhookFeed {
  read(
    connector: Connector,
    after: number,
    limit: number,
    waitMs?: number,
    signal?: AbortSignal,
  ): Promise<FeedPage>;
}

export interface WebhookDelivererOptions {
  /** Waits before each retry, ms; each the ceiling of a full-jitter draw. After the last: dead letter. */
  readonly retryScheduleMs: readonly number[];
  /** How long an idle loop waits for new events before looking again (default 1000 ms). */
  readonly pollMs?: number;
  /** How often the list of connectors is read again, for changes made by another instance (default 5000 ms). */
  readonly refreshMs?: number;
  /**
   * Who may deliver each connector: in-process by default (one hub process); PostgreSQL session
   * locks when several instances share the store (`PostgresDeliveryLeases`).
   */
  readonly leases?: DeliveryLeases;
  /** How often a loop whose connector another instance delivers tries to take it over (default `pollMs`). */
  readonly leaseRetryMs?: number;
  readonly random?: () => number;
  readonly logger?: {
    log(message: string): void;
    warn(message: string): void;
    error(message: string): void;
  };
}

/** A connector whose loop should run: active, with an enabled webhook and a key to sign with. */
export function receivesWebhooks(connector: Connector | null): connector is Connector {
  const webhook = connector?.delivery.webhook ?? null;
  return (
    connector !== null &&
    connector.status === 'active' &&
    webhook !== null &&
    webhook.disabledAt === null &&
    webhook.secrets.length > 0
  );
}

/**
 * Delivers each connector's messages to its webhook: one independent loop per connector, reading
 * its feed after its own cursor, so a slow or dead receiver only ever holds its own queue.
 *
 * Per connector, messages go one at a time, in the log's order: a message being retried holds
 * the messages behind it (the price of per-request order) until it is delivered or, after the
 * last retry, dead-lettered — then the cursor moves on. At least once: a crash between a 2xx and
 * the cursor's write sends that message again, with the same `webhook-id`.
 *
 * A loop delivers only while it holds its connector's lease: with several instances on one
 * store, the others' loops wait and take over when the holder stops or dies, from the cursor it
 * left — never two senders for one connector, which would duplicate and reorder.
 */
export class WebhookDeliverer {
  private readonly loops = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly pollMs: number;
  private readonly refreshMs: number;
  private readonly random: () => number;
  private readonly leases: DeliveryLeases;
  private readonly leaseRetryMs: number;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectors: Connectors,
    private readonly feed: WebhookFeed,
    private readonly store: WebhookStateStore,
    private readonly sender: WebhookSender,
    private readonly options: WebhookDelivererOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.refreshMs = options.refreshMs ?? 5000;
    this.random = options.random ?? Math.random;
    this.leases = options.leases ?? new InProcessDeliveryLeases();
    this.leaseRetryMs = options.leaseRetryMs ?? this.pollMs;
  }

  /** Starts a loop for every connector that receives webhooks, and for those that come later. */
  async start(): Promise<void> {
    this.connectors.onChange((connector) => {
      this.ensureLoop(connector);
      return Promise.resolve();
    });
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh(), this.refreshMs);
    this.refreshTimer.unref();
  }

  /** Stops every loop: an attempt in flight is aborted and its message sent again at next start. */
  async stop(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.stopping.abort();
    await Promise.allSettled([...this.loops.values()]);
  }

  private async refresh(): Promise<void> {
    try {
      for (const connector of await this.connectors.list()) this.ensureLoop(connector);
    } catch (error) {
      this.options.logger?.warn(`webhooks: cannot list connectors: ${messageOf(error)}`);
    }
  }

  private ensureLoop(connector: Connector): void {
    if (this.stopping.signal.aborted || this.loops.has(connector.id)) return;
    if (!receivesWebhooks(connector)) return;
    const loop = this.run(connector.id).finally(() => this.loops.delete(connector.id));
    this.loops.set(connector.id, loop);
  }

  /**
   * One connector's loop: takes the connector's lease (waiting while another instance holds it),
   * delivers while it holds it, and ends when the connector no longer receives webhooks, or on
   * stop. A lost lease sends it back to waiting.
   */
  private async run(connectorId: string): Promise<void> {
    const stop = this.stopping.signal;
    let waiting = false;
    while (!stop.aborted) {
      let lease: DeliveryLease | null;
      try {
        if (!receivesWebhooks(await this.connectors.get(connectorId))) return;
        lease = await this.leases.tryAcquire(connectorId);
      } catch (error) {
        this.options.logger?.error(`webhooks ${connectorId}: ${messageOf(error)}`);
        await sleep(this.pollMs, stop);
        continue;
      }
      if (!lease) {
        if (!waiting) {
          this.options.logger?.log(`webhooks ${connectorId}: another instance delivers; waiting`);
        }
        waiting = true;
        await sleep(this.leaseRetryMs, stop);
        continue;
      }
      if (waiting) this.options.logger?.log(`webhooks ${connectorId}: taking over delivery`);
      waiting = false;
      try {
        const ended = await this.deliverWhileLeased(
          connectorId,
          AbortSignal.any([stop, lease.lost]),
        );
        if (ended) return;
      } finally {
        await lease.release();
      }
      if (!stop.aborted) {
        this.options.logger?.warn(`webhooks ${connectorId}: delivery lease lost; taking it again`);
      }
    }
  }

  /** Delivers until `signal` aborts (false) or the connector no longer receives webhooks (true). */
  private async deliverWhileLeased(connectorId: string, signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      try {
        const connector = await this.connectors.get(connectorId);
        if (!receivesWebhooks(connector)) return true;
        const cursor = await this.store.cursor(connectorId);
        const page = await this.feed.read(connector, cursor.after, 100, this.pollMs, signal);
        if (!(await this.deliverPage(connectorId, cursor, page, signal))) return !signal.aborted;
      } catch (error) {
        // The store or the log failed, not the receiver: wait a little and read again.
        this.options.logger?.error(`webhooks ${connectorId}: ${messageOf(error)}`);
        await sleep(this.pollMs, signal);
      }
    }
    return false;
  }

  /** Delivers a page in order, moving the cursor after each message; false when the loop must end. */
  private async deliverPage(
    connectorId: string,
    cursor: WebhookCursor,
    page: FeedPage,
    signal: AbortSignal,
  ): Promise<boolean> {
    let after = cursor.after;
    for (const [index, messages] of byEvent(page.items).entries()) {
      // `skip` counts the messages already done of the first event that has any, and only those.
      for (let inEvent = index === 0 ? cursor.skip : 0; inEvent < messages.length; inEvent += 1) {
        const item = messages[inEvent]!;
        const next: WebhookCursor =
          inEvent === messages.length - 1
            ? { after: item.position, skip: 0 }
            : { after, skip: inEvent + 1 };
        if (!(await this.deliver(connectorId, item, next, signal))) return false;
      }
      after = messages[0]!.position;
    }
    // Events that gave this tool nothing are passed over too.
    if (signal.aborted) return false;
    const end: WebhookCursor = { after: Math.max(page.next, after), skip: 0 };
    if (end.after !== cursor.after || cursor.skip !== 0) {
      await this.store.saveCursor(connectorId, end);
    }
    return true;
  }

  /**
   * Sends one message until a 2xx (the cursor moves), a `410` (the webhook is disabled, the
   * cursor stays), the end of the schedule (dead letter, the cursor moves) or a stop.
   */
  private async deliver(
    connectorId: string,
    item: FeedItem,
    next: WebhookCursor,
    signal: AbortSignal,
  ): Promise<boolean> {
    const message: WebhookMessage = {
      webhookId: webhookIdOf(item.id, connectorId),
      body: JSON.stringify(item.data),
      messageType: item.type,
      eventType: item.eventType,
    };
    for (let attempt = 1; ; attempt += 1) {
      // Read again before each attempt: a new URL, a rotated key or a disabled connector apply.
      const connector = await this.connectors.get(connectorId);
      if (!receivesWebhooks(connector)) return false;
      const outcome = await this.sender.send(connector, message, signal);
      switch (outcome.kind) {
        case 'stopped':
          return false;
        case 'delivered':
          await this.store.saveCursor(connectorId, next);
          return true;
        case 'gone':
          this.options.logger?.warn(`webhooks ${connectorId}: 410 Gone, webhook disabled`);
          await this.connectors.disableWebhook(
            connectorId,
            `${outcome.reason} to ${message.webhookId} at ${connector.delivery.webhook!.url}`,
          );
          return false;
      }
      const delay =
        outcome.retryAfterMs ?? retryDelayMs(this.options.retryScheduleMs, attempt, this.random);
      if (attempt > this.options.retryScheduleMs.length || delay === null) {
        this.options.logger?.warn(
          `webhooks ${connectorId}: ${message.webhookId} dead-lettered after ${attempt} attempts (${outcome.error})`,
        );
        await this.store.deadLetter(
          {
            deadLetterId: `wdl_${randomBytes(12).toString('base64url')}`,
            connectorId,
            eventId: item.id,
            webhookId: message.webhookId,
            position: item.position,
            messageType: item.type,
            eventType: item.eventType,
            body: message.body,
            attempts: attempt,
            lastError: outcome.error,
            failedAt: new Date().toISOString(),
          },
          next,
        );
        return true;
      }
      if (!(await sleep(delay, signal))) return false;
    }
  }
}

/** A page's messages, grouped by event (a page never splits an event's messages). */
function byEvent(items: readonly FeedItem[]): FeedItem[][] {
  const groups: FeedItem[][] = [];
  for (const item of items) {
    const current = groups[groups.length - 1];
    if (current && current[0]!.position === item.position) current.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** Waits `ms`, or less when `signal` aborts; true when the whole wait elapsed. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
