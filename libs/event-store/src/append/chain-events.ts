import type { RecordedEvent } from '../event-store.port';
import { computeEventHashFromCanonicalParts } from '../integrity/event-hash';
import type { PreparedEvent } from './prepared-append';

/** An event ready to insert: everything but the global position, which the adapter assigns. */
export interface ChainedEvent extends Omit<RecordedEvent, 'position'> {
  readonly dataJson: string;
  readonly personalJson: string | null;
  readonly metadataJson: string;
}

/**
 * Gives consecutive revisions from `firstRevision` and links each event's hash to the previous
 * one (`previousHash` of the first is the stream tip's hash, null for a new stream). All events of
 * one append share `recordedAt`.
 */
export function chainEvents(
  streamId: string,
  events: readonly PreparedEvent[],
  firstRevision: number,
  previousHash: string | null,
  recordedAt: string,
): ChainedEvent[] {
  const chained: ChainedEvent[] = [];
  let previous = previousHash;
  events.forEach((prepared, index) => {
    const { eventId, type, data, personal, metadata } = prepared.event;
    const fields = {
      streamId,
      revision: firstRevision + index,
      type,
      eventId,
      recordedAt,
      previousHash: previous,
    };
    const hash = computeEventHashFromCanonicalParts(fields, {
      data: prepared.dataJson,
      personal: prepared.personalJson,
      metadata: prepared.metadataJson,
    });
    chained.push({
      ...fields,
      data,
      personal,
      metadata,
      hash,
      dataJson: prepared.dataJson,
      personalJson: prepared.personalJson,
      metadataJson: prepared.metadataJson,
    });
    previous = hash;
  });
  return chained;
}

/** The recorded event a chained event becomes once the adapter gave it its global position. */
export function recordedEventOf(chained: ChainedEvent, position: number): RecordedEvent {
  const { streamId, revision, eventId, type, data, personal, metadata, recordedAt } = chained;
  const { hash, previousHash } = chained;
  return {
    streamId,
    revision,
    position,
    eventId,
    type,
    data,
    personal,
    metadata,
    recordedAt,
    hash,
    previousHash,
  };
}
