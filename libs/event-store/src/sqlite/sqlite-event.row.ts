import type { JsonObject, RecordedEvent } from '../event-store.port';

/** A row of the `events` table as better-sqlite3 returns it. */
export interface SqliteEventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  personal: string | null;
  metadata: string;
  recorded_at: string;
  hash: string;
  previous_hash: string | null;
}

/** JSON columns hold the exact canonical text that was hashed; parsing gives the same values. */
export function toRecordedEvent(row: SqliteEventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    personal: row.personal === null ? null : (JSON.parse(row.personal) as JsonObject),
    metadata: JSON.parse(row.metadata) as JsonObject,
    recordedAt: row.recorded_at,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}
