import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  WrongExpectedVersionError,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  type ReadPosition,
} from '@eventstore/db-client';

import { decideAppend } from '../append/append-decision';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { chainEvents } from '../append/chain-events';
import { prepareAppend } from '../append/prepared-append';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  esdbPosition,
  fromEsdbEvent,
  isSystemEvent,
  toEsdbEvent,
  type EsdbRecordedEvent,
} from './esdb-envelope';
import { esdbSubscription } from './eventstoredb.subscription';
import { translateEsdbError } from './translate-esdb-error';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  readonly connectionString: string;
  /** Hub clock stamping `recordedAt` (default: `() => new Date()`). */
  readonly now?: () => Date;
}

/** Times an append re-reads the stream after ESDB reported a concurrent write (`'any'` only). */
const MAX_ATTEMPTS = 10;
const PAGE = 200;

/**
 * Event store on EventStoreDB (>= 22.6). Data goes in the ESDB event's data; the rest of the
 * recorded event (original id, personal part, metadata, recordedAt, hashes) in its metadata
 * envelope (`esdb-envelope.ts`). Positions are commit positions in $all (see `esdbPosition`).
 *
 * An append reads the stream first (its tip for the hash chain, its ids for idempotency), then
 * appends with the read revision as ESDB's expected revision, so the chain can never fork: if the
 * stream moved in between, ESDB refuses and the append is re-judged on a fresh read (a
 * concurrent copy of the same events becomes `duplicate: true`; `'any'` retries; otherwise
 * `WrongExpectedRevisionError`). Reading whole streams is cheap for Maillage's short per-request
 * streams; it would not be for long ones.
 *
 * Differences the contract allows: an event id is only checked within its stream (ESDB has no
 * global id index), and there is no group commit (ESDB batches writes itself).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private closing = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly now: () => Date,
  ) {}

  /** Connects and checks that the server answers, so a wrong address fails at boot. */
  static async create(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(options.connectionString);
    const store = new EventStoreDbEventStore(client, options.now ?? (() => new Date()));
    try {
      await store.headPosition();
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (this.closing)
      throw new EventStoreUnavailableError(
        'EventStoreDbEventStore is closed (the process is shutting down)',
      );
    const append = prepareAppend(streamId, events, options.expectedRevision);
    const ids = append.events.map((e) => e.event.eventId);
    for (let attempt = 1; ; attempt++) {
      const current = await this.readStream(streamId);
      const last = current.at(-1);
      const tip =
        last === undefined
          ? null
          : { revision: last.revision, hash: last.hash, position: last.position };
      const idSet = new Set(ids);
      const stored = current.filter((e) => idSet.has(e.eventId)).map((e) => ({ ...e, streamId }));
      const decision = decideAppend(streamId, ids, options.expectedRevision, tip, stored);
      if (decision.kind === 'reject') throw decision.error;
      if (decision.kind === 'duplicate') return decision.result;

      const recordedAt = this.now().toISOString();
      const chained = chainEvents(
        streamId,
        append.events,
        decision.firstRevision,
        decision.previousHash,
        recordedAt,
      );
      try {
        const result = await this.client.appendToStream(streamId, chained.map(toEsdbEvent), {
          expectedRevision: tip === null ? NO_STREAM : BigInt(tip.revision),
        });
        // Each event has its own log position, which only the server knows: read them back.
        const recorded = await this.readStream(streamId, {
          fromRevision: decision.firstRevision,
          maxCount: chained.length,
        });
        const nextExpectedRevision = Number(result.nextExpectedRevision);
        const lastPosition = result.position
          ? Number(result.position.commit)
          : (recorded.at(-1)?.position ?? 0);
        return { nextExpectedRevision, lastPosition, duplicate: false, events: recorded };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw translateEsdbError(error);
        // The stream moved between our read and our write. Loop: the fresh read decides whether
        // it was a copy of these very events (duplicate), a conflict, or — for 'any' — a retry.
        if (attempt >= MAX_ATTEMPTS) {
          const actual = error.actualVersion;
          throw new WrongExpectedRevisionError(
            streamId,
            tip === null ? 'no_stream' : tip.revision,
            typeof actual === 'bigint' ? Number(actual) : 'no_stream',
          );
        }
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START,
        direction: FORWARDS,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(fromEsdbEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw translateEsdbError(error);
    }
    return events;
  }

  /**
   * `after` must be 0 or a position this store returned (ESDB resumes from exact log positions).
   * System events are skipped, so a page may take several server reads.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 1000;
    let cursor = options.after ?? 0;
    const events: RecordedEvent[] = [];
    try {
      while (events.length < maxCount) {
        const from: ReadPosition =
          cursor > 0 ? { commit: BigInt(cursor), prepare: BigInt(cursor) } : START;
        let read = 0;
        for await (const resolved of this.client.readAll({
          fromPosition: from,
          maxCount: PAGE,
          direction: FORWARDS,
        })) {
          read += 1;
          const event = resolved.event;
          if (event === undefined) continue;
          const position = esdbPosition(event);
          if (position <= cursor) continue; // a forward read may include its start position
          cursor = position;
          if (!isSystemEvent(event)) events.push(fromEsdbEvent(event));
          if (events.length >= maxCount) break;
        }
        if (read < PAGE) break;
      }
    } catch (error) {
      throw translateEsdbError(error);
    }
    return events;
  }

  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    try {
      for (;;) {
        let read = 0;
        let oldest: EsdbRecordedEvent | undefined;
        for await (const resolved of this.client.readAll({
          fromPosition: from,
          maxCount: PAGE,
          direction: BACKWARDS,
        })) {
          read += 1;
          const event = resolved.event;
          if (event === undefined) continue;
          if (!isSystemEvent(event)) return esdbPosition(event);
          oldest = event;
        }
        if (read < PAGE || oldest?.position === undefined) return 0;
        from = oldest.position;
      }
    } catch (error) {
      throw translateEsdbError(error);
    }
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closing)
      throw new EventStoreUnavailableError(
        'EventStoreDbEventStore is closed (the process is shutting down)',
      );
    const subscription = esdbSubscription(this.client, handler, options);
    this.subscriptions.add(subscription);
    void subscription.done
      .catch(() => undefined)
      .finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }
}
