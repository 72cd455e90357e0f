import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * EventStoreDB only takes UUIDs as event ids. A UUID event id is used as is (lower-cased), so
 * ESDB's own id-based idempotency applies; any other id is mapped to a name-based UUID (SHA-256 of
 * the id, version and variant bits set as for UUIDv8), deterministic so that retries map to the
 * same UUID. The original id is kept in the envelope and read back unchanged.
 */
export function toEsdbEventId(eventId: string): string {
  if (UUID.test(eventId)) return eventId.toLowerCase();
  const bytes = createHash('sha256')
    .update(`maillage:event-id:${eventId}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
