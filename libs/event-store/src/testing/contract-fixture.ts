import { randomUUID } from 'node:crypto';

import type { CheckpointStore } from '../checkpoint-store.port';
import type { EventStore, EventToAppend, JsonObject, RecordedEvent } from '../event-store.port';

/** What a contract run needs from an adapter: a store, optionally its checkpoint store. */
export interface ContractFixture {
  readonly store: EventStore;
  /** The adapter's own checkpoint store, if it has one (else an in-memory one is used). */
  readonly checkpoints?: CheckpointStore;
  cleanup(): Promise<void>;
}

export type ContractFixtureFactory = () => Promise<ContractFixture>;

/** Differences between adapters that the contract accepts, each documented by the adapter. */
export interface ContractCapabilities {
  /**
   * An event id already stored in another stream is an `EventIdConflictError` (default true).
   * EventStoreDB only deduplicates ids within a stream.
   */
  readonly eventIdsUniqueAcrossStreams?: boolean;
}

/**
 * Every test uses its own stream names, and positions relative to the head it found, so the
 * contract also holds on a shared store (an EventStoreDB server, a reused schema).
 */
export function uniqueStream(label: string): string {
  return `contract-${label}-${randomUUID()}`;
}

export function anEvent(
  type: string,
  data: JsonObject = {},
  personal: JsonObject | null = null,
): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    data,
    personal,
    metadata: { correlationId: randomUUID(), schemaVersion: 1 },
  };
}

export function someEvents(count: number, type = 'ContractTested'): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => anEvent(type, { n, label: `event ${n}` }));
}

/** Reads the whole global log after `after`, page by page. */
export async function readAllAfter(
  store: EventStore,
  after: number,
  pageSize = 500,
): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: pageSize });
    all.push(...page);
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return all;
    position = last.position;
  }
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
