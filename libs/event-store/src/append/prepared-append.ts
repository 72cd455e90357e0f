import { EventIdConflictError } from '../errors/event-id-conflict.error';
import type { EventToAppend, ExpectedRevision } from '../event-store.port';
import { canonicalJson } from '../integrity/event-hash';

/** An event checked for shape, with the exact JSON text the relational adapters store. */
export interface PreparedEvent {
  readonly event: EventToAppend;
  readonly dataJson: string;
  readonly personalJson: string | null;
  readonly metadataJson: string;
}

/** One validated `appendToStream` call, as queued for a group commit. */
export interface PreparedAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

/**
 * Checks an append before it is queued, so that a malformed call fails alone and at once instead
 * of inside someone else's group commit. Programming errors (empty append, bad revision, data
 * that JSON cannot carry) throw `TypeError`/`RangeError`; an id repeated within the append is an
 * `EventIdConflictError`, since it could never be stored as asked.
 */
export function prepareAppend(
  streamId: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): PreparedAppend {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('streamId must be a non-empty string');
  }
  if (events.length === 0) throw new RangeError(`stream ${streamId}: nothing to append`);
  if (
    expectedRevision !== 'any' &&
    expectedRevision !== 'no_stream' &&
    !(Number.isSafeInteger(expectedRevision) && expectedRevision >= 0)
  ) {
    throw new RangeError(
      `stream ${streamId}: invalid expected revision ${String(expectedRevision)}`,
    );
  }
  const seen = new Set<string>();
  const prepared = events.map((event, index): PreparedEvent => {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) {
      throw new TypeError(
        `stream ${streamId}: events[${index}].eventId must be a non-empty string`,
      );
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new TypeError(`stream ${streamId}: events[${index}].type must be a non-empty string`);
    }
    if (seen.has(event.eventId)) {
      throw new EventIdConflictError(streamId, [event.eventId], 'repeated within the append');
    }
    seen.add(event.eventId);
    return {
      event,
      dataJson: canonicalJson(event.data),
      personalJson: event.personal === null ? null : canonicalJson(event.personal),
      metadataJson: canonicalJson(event.metadata),
    };
  });
  return { streamId, expectedRevision, events: prepared };
}
