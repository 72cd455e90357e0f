import type { Outcome } from './load-driver';

/** An event as the store holds it (read straight from the private PostgreSQL). */
export interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  /** CommentAdded's text; StatusChanged's target status. */
  readonly detail: string | null;
  /** When the hub recorded it (ms since the epoch; the machine's clock, as the receivers'). */
  readonly recordedAt: number;
}

/** What one subscriber must receive, in order (its connector feed, computed from the store). */
export interface ExpectedMessage {
  readonly id: string;
  readonly requestId: string;
}

/** What one subscriber received, in arrival order, duplicates included. */
export interface Delivery {
  readonly id: string;
  readonly requestId: string;
}

export interface SubscriberRecord {
  /** e.g. `kafka:<connector>` or `webhook:<connector>` */
  readonly name: string;
  /** The connector the subscriber belongs to. */
  readonly connector: string;
  readonly expected: readonly ExpectedMessage[];
  readonly received: readonly Delivery[];
}

/** One broken invariant, with the ids that show it (at most a few, and the count). */
export interface Violation {
  readonly invariant:
    | 'acknowledged-but-not-stored'
    | 'applied-twice-in-store'
    | 'lost'
    | 'applied-twice'
    | 'unexpected'
    | 'reordered'
    | 'acknowledged-not-delivered-to-filer'
    | 'refused';
  readonly where: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface InvariantReport {
  readonly violations: readonly Violation[];
  readonly counts: {
    readonly acknowledged: number;
    readonly gaveUp: number;
    readonly storedEvents: number;
    readonly expectedDeliveries: number;
    readonly receivedDeliveries: number;
    readonly duplicatesDropped: number;
  };
}

/**
 * Checks what every subscriber received against what the clients were told and what the store
 * holds:
 * - acknowledged-but-not-stored: an event named in a 2xx answer is not in the event store;
 * - applied-twice-in-store: one client operation (one Idempotency-Key, retried) left more than
 *   one effect — two comments with its text, or two changes of a request to the same status;
 * - lost: a subscriber never got a message its feed says it must get;
 * - applied-twice / unexpected: a subscriber got one event under two ids, or an id its feed
 *   does not have (duplicates of one id are fine: subscribers drop them, and they are counted);
 * - reordered: a subscriber got one request's messages (first arrivals) in another order than
 *   the log's;
 * - acknowledged-not-delivered-to-filer: an acknowledged event never reached the filing tool,
 *   checked apart from the feed, so that a feed that forgot events could not hide a loss;
 * - refused: a call the load makes is always legal, so a final 4xx is a fault too.
 */
export function checkInvariants(input: {
  readonly outcomes: readonly Outcome[];
  readonly stored: readonly StoredEvent[];
  readonly subscribers: readonly SubscriberRecord[];
  /** Subscribers that are the filing tools' Kafka side, by connector. */
  readonly filerSubscriber: (connector: string) => SubscriberRecord | undefined;
}): InvariantReport {
  const violations: Violation[] = [];
  const add = (invariant: Violation['invariant'], where: string, ids: readonly string[]) => {
    if (ids.length > 0)
      violations.push({ invariant, where, count: ids.length, examples: ids.slice(0, 5) });
  };
  const storedIds = new Set(input.stored.map((event) => event.eventId));
  const acknowledged = input.outcomes.filter((o) => o.result === 'acknowledged');

  add(
    'acknowledged-but-not-stored',
    'event store',
    acknowledged.flatMap((o) =>
      o.eventIds.filter((id) => !storedIds.has(id)).map((id) => `${o.idempotencyKey}: ${id}`),
    ),
  );
  add(
    'refused',
    'gateway',
    input.outcomes
      .filter((o) => o.result === 'refused')
      .map((o) => `${o.idempotencyKey}: ${o.refusal}`),
  );

  const effects = new Map<string, number>();
  for (const event of input.stored) {
    if (event.type !== 'CommentAdded' && event.type !== 'StatusChanged') continue;
    const key = `${event.streamId} ${event.type} ${event.detail}`;
    effects.set(key, (effects.get(key) ?? 0) + 1);
  }
  add(
    'applied-twice-in-store',
    'event store',
    [...effects].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`),
  );

  let expectedDeliveries = 0;
  let receivedDeliveries = 0;
  let duplicatesDropped = 0;
  for (const subscriber of input.subscribers) {
    const expectedIds = new Set(subscriber.expected.map((m) => m.id));
    const firstArrivals: Delivery[] = [];
    const seen = new Set<string>();
    for (const delivery of subscriber.received) {
      if (seen.has(delivery.id)) {
        duplicatesDropped += 1;
        continue;
      }
      seen.add(delivery.id);
      firstArrivals.push(delivery);
    }
    expectedDeliveries += subscriber.expected.length;
    receivedDeliveries += subscriber.received.length;
    add(
      'lost',
      subscriber.name,
      subscriber.expected.filter((m) => !seen.has(m.id)).map((m) => `${m.requestId}: ${m.id}`),
    );
    add(
      'unexpected',
      subscriber.name,
      firstArrivals.filter((d) => !expectedIds.has(d.id)).map((d) => `${d.requestId}: ${d.id}`),
    );
    add(
      'applied-twice',
      subscriber.name,
      firstArrivals.filter((d) => !storedIds.has(d.id)).map((d) => `${d.requestId}: ${d.id}`),
    );
    const expectedOrder = byRequest(subscriber.expected);
    const receivedOrder = byRequest(firstArrivals.filter((d) => expectedIds.has(d.id)));
    add(
      'reordered',
      subscriber.name,
      [...receivedOrder]
        .filter(([requestId, ids]) => {
          // Only what arrived is compared (what did not is reported as lost).
          const order = (expectedOrder.get(requestId) ?? []).filter((id) => ids.includes(id));
          return order.join() !== ids.join();
        })
        .map(([requestId, ids]) => `${requestId}: got ${ids.join(' ')}`),
    );
  }

  for (const outcome of acknowledged) {
    const filer = input.filerSubscriber(outcome.filer);
    if (!filer) continue;
    const got = new Set(filer.received.map((d) => d.id));
    add(
      'acknowledged-not-delivered-to-filer',
      filer.name,
      outcome.eventIds.filter((id) => !got.has(id)).map((id) => `${outcome.idempotencyKey}: ${id}`),
    );
  }

  return {
    violations: merge(violations),
    counts: {
      acknowledged: acknowledged.length,
      gaveUp: input.outcomes.filter((o) => o.result === 'gave-up').length,
      storedEvents: input.stored.length,
      expectedDeliveries,
      receivedDeliveries,
      duplicatesDropped,
    },
  };
}

/** One line per violation, for a test failure message. */
export function describeViolations(report: InvariantReport): string {
  if (report.violations.length === 0) return 'no invariant broken';
  return report.violations
    .map((v) => `${v.invariant} at ${v.where}: ${v.count} (e.g. ${v.examples.join('; ')})`)
    .join('\n');
}

function byRequest(messages: readonly { id: string; requestId: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const m of messages) map.set(m.requestId, [...(map.get(m.requestId) ?? []), m.id]);
  return map;
}

/** The per-outcome checks add one violation per outcome: sum them up per invariant and place. */
function merge(violations: readonly Violation[]): Violation[] {
  const merged = new Map<string, { v: Violation; examples: string[]; count: number }>();
  for (const v of violations) {
    const key = `${v.invariant} ${v.where}`;
    const entry = merged.get(key) ?? { v, examples: [], count: 0 };
    entry.count += v.count;
    entry.examples.push(...v.examples);
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ v, examples, count }) => ({
    ...v,
    count,
    examples: examples.slice(0, 5),
  }));
}
