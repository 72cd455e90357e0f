import type { EventStore, ExpectedRevision, RecordedEvent } from '@maillage/event-store';
import { readLog } from '../replay/read-log';
import { readBundleEvents } from './read-bundle-events';

/**
 * Opens the empty store to import into, stamping `recordedAt` with `now` — the importer sets it
 * to each event's original time, so that every re-computed hash is the original one.
 */
export type ImportTarget = (now: () => Date) => Promise<EventStore>;

export interface ImportResult {
  readonly events: number;
  /** True when every imported event has the bundle's position and hash. */
  readonly identical: boolean;
  /** The first differences found (position or hash), when not identical. */
  readonly differences: readonly string[];
}

/**
 * Rebuilds a store from a bundle through the store's own append path (so every adapter
 * invariant holds), then reads it back and compares position and hash of every event. The
 * target must be empty. Events are appended as they were: consecutive events of one stream with
 * the same `recordedAt` in one append; appends sharing a `recordedAt` go out together (one group
 * commit) under a clock fixed to that instant. Positions match when the bundle's are dense from 1
 * (SQLite, PostgreSQL); EventStoreDB's commit positions are not reproducible.
 */
export async function importBundle(dir: string, openTarget: ImportTarget): Promise<ImportResult> {
  let clock = new Date(0);
  const store = await openTarget(() => clock);
  try {
    if ((await store.headPosition()) !== 0) {
      throw new Error('the target event store is not empty: import into a fresh store');
    }
    let group: RecordedEvent[] = [];
    let wave: Array<Promise<unknown>> = [];
    let waveTime: string | null = null;
    const flushGroup = () => {
      const first = group[0];
      if (!first) return;
      const expectedRevision: ExpectedRevision =
        first.revision === 0 ? 'no_stream' : first.revision - 1;
      const events = group.map(({ eventId, type, data, personal, metadata }) => ({
        eventId,
        type,
        data,
        personal,
        metadata,
      }));
      wave.push(store.appendToStream(first.streamId, events, { expectedRevision }));
      group = [];
    };
    const flushWave = async () => {
      flushGroup();
      await Promise.all(wave);
      wave = [];
    };
    let count = 0;
    for await (const event of readBundleEvents(dir)) {
      count++;
      if (event.recordedAt !== waveTime) {
        await flushWave();
        waveTime = event.recordedAt;
        clock = new Date(event.recordedAt);
      }
      const last = group.at(-1);
      if (last && (last.streamId !== event.streamId || last.revision + 1 !== event.revision)) {
        flushGroup();
      }
      group.push(event);
    }
    await flushWave();
    const differences = await compareWithBundle(store, dir);
    return { events: count, identical: differences.length === 0, differences };
  } finally {
    await store.close();
  }
}

async function compareWithBundle(store: EventStore, dir: string): Promise<string[]> {
  const differences: string[] = [];
  const imported = readLog(store)[Symbol.asyncIterator]();
  for await (const expected of readBundleEvents(dir)) {
    const next = (await imported.next()) as IteratorResult<RecordedEvent, undefined>;
    if (next.done) {
      differences.push(
        `event ${expected.eventId} (position ${expected.position}) was not imported`,
      );
      break;
    }
    const actual = next.value;
    if (actual.position !== expected.position || actual.hash !== expected.hash) {
      differences.push(
        `position ${expected.position} (${expected.eventId}): imported at ${actual.position} with hash ${actual.hash}, expected ${expected.hash}`,
      );
      if (differences.length >= 20) break;
    }
  }
  await imported.return?.(undefined);
  return differences;
}
