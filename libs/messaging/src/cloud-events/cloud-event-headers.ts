/**
 * Kafka header names of a Maillage CloudEvent (CloudEvents 1.0 Kafka protocol binding, binary
 * content mode: each attribute is a `ce_`-prefixed header, the datacontenttype is `content-type`,
 * the Kafka value is the event data).
 *
 * The three extension attributes follow the spec's naming rule (lower-case ASCII letters and
 * digits, at most 20 characters). Every header here is built from hub-made values only (ids,
 * type, time, position): none can carry a citizen's personal data, which is why they — and only
 * they — are copied onto dead letters.
 */
export const CLOUD_EVENT_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  /** Extension `maillageposition`: the event's position in the hub's global log (decimal). */
  position: 'ce_maillageposition',
  /** Extension `correlationid`: the correlation id of the event's metadata. */
  correlationId: 'ce_correlationid',
  /** Extension `causationid`: the causation id of the event's metadata, absent when null. */
  causationId: 'ce_causationid',
} as const;

/** The CloudEvents version this lib writes and accepts. */
export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

/** The only datacontenttype of a canonical event. */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/json';
