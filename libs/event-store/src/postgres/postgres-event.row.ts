import type { JsonObject, RecordedEvent } from '../event-store.port';

/** The columns every read selects, in the order `toRecordedEvent` expects. */
export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash';

/** A row of `events` as pg returns it: bigint as string, json parsed, timestamptz as Date. */
export interface PostgresEventRow {
  position: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: JsonObject;
  personal: JsonObject | null;
  metadata: JsonObject;
  recorded_at: Date;
  hash: string;
  previous_hash: string | null;
}

/**
 * `recorded_at` went in as `toISOString()` (millisecond precision, UTC) and timestamptz keeps
 * microseconds, so `toISOString()` gives back the exact string that was hashed.
 */
export function toRecordedEvent(row: PostgresEventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: Number(row.position),
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    personal: row.personal,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}
