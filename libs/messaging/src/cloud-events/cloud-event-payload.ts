import type { JsonObject } from '@maillage/event-store';

/**
 * The Kafka value of a canonical event (JSON, UTF-8): the recorded event minus what its
 * CloudEvents attributes already say — `eventId` is `ce_id`, `type` is `ce_type`, `recordedAt` is
 * `ce_time`. Together, headers and value give back the `RecordedEvent` exactly, so a consumer can
 * re-verify the integrity chain (`hash`, `previousHash`).
 *
 * `personal` is the citizen's part of the event (encrypted at rest when the store encrypts it) and
 * travels only here, in the value: never in a header, a key or a log line.
 */
export interface CloudEventPayload {
  /** `request-<request id>`; the request id is also the key and `ce_subject`. */
  readonly streamId: string;
  /** 0-based position of the event in its stream. */
  readonly revision: number;
  /** 1-based position in the hub's global log (also `ce_maillageposition`). */
  readonly position: number;
  readonly data: JsonObject;
  readonly personal: JsonObject | null;
  /** The event's metadata as recorded (event, correlation and causation ids, actor, times, schema version). */
  readonly metadata: JsonObject;
  /** SHA-256 (hex) chaining the event to the previous one of its stream. */
  readonly hash: string;
  readonly previousHash: string | null;
}
