import type {
  CommentAdded,
  PersonalData,
  PersonalDataErased,
  RequestAcknowledged,
  RequestClosed,
  RequestFiled,
  RequestReopened,
  RequestRouted,
  RequestTransferred,
  StatusChanged,
} from '@maillage/domain';
import type { CanonicalEventView } from '../dialect';

/*
 * Typed views of the canonical events an encoder receives. Events come from the store, built by
 * the decider and checked against schemas/events at append, so their shapes are trusted here;
 * encoders do not validate them a second time.
 */

/** Each canonical event type with its `data`, so that a switch on `type` narrows `data`. */
export type EventData =
  | { readonly type: 'RequestFiled'; readonly data: RequestFiled['data'] }
  | { readonly type: 'RequestRouted'; readonly data: RequestRouted['data'] }
  | { readonly type: 'RequestAcknowledged'; readonly data: RequestAcknowledged['data'] }
  | { readonly type: 'StatusChanged'; readonly data: StatusChanged['data'] }
  | { readonly type: 'CommentAdded'; readonly data: CommentAdded['data'] }
  | { readonly type: 'RequestTransferred'; readonly data: RequestTransferred['data'] }
  | { readonly type: 'RequestClosed'; readonly data: RequestClosed['data'] }
  | { readonly type: 'RequestReopened'; readonly data: RequestReopened['data'] }
  | { readonly type: 'PersonalDataErased'; readonly data: PersonalDataErased['data'] };

const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'RequestFiled',
  'RequestRouted',
  'RequestAcknowledged',
  'StatusChanged',
  'CommentAdded',
  'RequestTransferred',
  'RequestClosed',
  'RequestReopened',
  'PersonalDataErased',
]);

/** The event as a discriminated union, or null for a type this version does not know. */
export function eventData(event: CanonicalEventView): EventData | null {
  return KNOWN_TYPES.has(event.type) ? (event as unknown as EventData) : null;
}

/** The citizen's contact, decrypted, when the event carries it. */
export function personalData(event: CanonicalEventView): PersonalData | null {
  return (event.personal as PersonalData | null) ?? null;
}

/**
 * When it happened at the source (`metadata.occurredAt`), else when the hub recorded it.
 * @throws TypeError when neither is a date-time: the event breaks the canonical schema.
 */
export function eventInstant(event: CanonicalEventView): number {
  const occurredAt = event.metadata['occurredAt'];
  const fromSource = typeof occurredAt === 'string' ? Date.parse(occurredAt) : Number.NaN;
  if (!Number.isNaN(fromSource)) return fromSource;
  const recorded = Date.parse(event.recordedAt);
  if (Number.isNaN(recorded)) throw new TypeError(`Event ${event.eventId} has no valid time`);
  return recorded;
}
