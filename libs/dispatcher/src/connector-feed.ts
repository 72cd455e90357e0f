import type { Connector } from '@maillage/connectors';
import type { EventStore } from '@maillage/event-store';
import type { DeliveryScope, Dispatcher } from './dispatcher';

/** One message of a connector's feed: what its out-topic carries, as JSON. */
export interface FeedItem {
  /** Position of the canonical event in the hub's log. */
  readonly position: number;
  /** The canonical event's id: the tool drops duplicates by it. */
  readonly id: string;
  /** `fr.maillage.dialect.<dialect>.<message>` */
  readonly type: string;
  /** The canonical event type it encodes. */
  readonly eventType: string;
  readonly requestId: string;
  readonly time: string;
  /**
   * The message: in the connector's dialect for the requests it handles; for what it follows as a
   * subscriber, the canonical event (CloudEvents data, without personal data).
   */
  readonly data: unknown;
  /** Set for what the connector receives as a subscriber: the subscriptions it matched. */
  readonly subscriptionIds?: readonly string[];
}

export interface FeedPage {
  readonly items: readonly FeedItem[];
  /** Cursor of the next call (`after`): the last position read, whether or not it was for this tool. */
  readonly next: number;
}

export interface FeedOptions {
  /** Events of the log read per call at most, whatever they yield (default 1000). */
  readonly scanLimit?: number;
  /** How often a long poll looks for new events (default 200 ms). */
  readonly pollMs?: number;
}

/**
 * A connector's HTTP feed: the messages it would receive on its out-topic, computed from the
 * hub's log (the source of truth) after a cursor, in order — for a tool without Kafka or a public
 * endpoint, and on the embedded default, which has no Kafka. Long polling waits for new events.
 */
export class ConnectorFeed {
  private readonly scanLimit: number;
  private readonly pollMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly dispatcher: Dispatcher,
    options: FeedOptions = {},
  ) {
    this.scanLimit = options.scanLimit ?? 1000;
    this.pollMs = options.pollMs ?? 200;
  }

  /**
   * Up to `limit` messages after `after`. When there are none yet, waits up to `waitMs` for new
   * events (or until `signal` aborts, e.g. the client went away), then answers what it has.
   */
  async read(
    connector: Connector,
    after: number,
    limit: number,
    waitMs = 0,
    signal?: AbortSignal,
    /** Only what this subscription of the connector follows (its `/v1/feeds/{id}`). */
    subscriptionId?: string,
  ): Promise<FeedPage> {
    const deadline = Date.now() + waitMs;
    const scope = { connectorId: connector.id, ...(subscriptionId ? { subscriptionId } : {}) };
    let page = await this.scan(scope, after, limit);
    while (page.items.length === 0 && Date.now() < deadline && !signal?.aborted) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      if ((await this.store.headPosition()) > page.next) {
        page = await this.scan(scope, page.next, limit);
      }
    }
    return page;
  }

  private async scan(scope: DeliveryScope, after: number, limit: number): Promise<FeedPage> {
    const items: FeedItem[] = [];
    let next = after;
    let scanned = 0;
    while (items.length < limit && scanned < this.scanLimit) {
      const events = await this.store.readAll({
        after: next,
        maxCount: Math.min(200, this.scanLimit - scanned),
      });
      if (events.length === 0) break;
      for (const event of events) {
        const deliveries = await this.dispatcher.deliveries(event, scope);
        // A page never splits one event's messages: the cursor is per event.
        if (items.length > 0 && items.length + deliveries.length > limit) {
          return { items, next };
        }
        for (const { message, subscriptionIds } of deliveries) {
          items.push({
            position: event.position,
            id: message.headers['ce_id']!,
            type: message.headers['ce_type']!,
            eventType: message.headers['ce_maillageeventtype']!,
            requestId: message.key!,
            time: message.headers['ce_time']!,
            data: JSON.parse(message.value!.toString('utf8')) as unknown,
            ...(subscriptionIds ? { subscriptionIds } : {}),
          });
        }
        next = event.position;
        scanned += 1;
      }
    }
    return { items, next };
  }
}
