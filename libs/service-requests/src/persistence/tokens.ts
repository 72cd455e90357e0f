/**
 * Injection token of the `EventStore` the hub's use cases run on: the decrypting view
 * (`EncryptingEventStore`), which seals the citizens' personal data on append and opens it on
 * read (`[effacé]` once erased).
 */
export const EVENT_STORE = Symbol('EVENT_STORE');
/**
 * Injection token of the store as the adapter holds it: personal data sealed, exactly what the
 * integrity hashes cover. For the audit (verify, checkpoints, export), the relay to Kafka and
 * projections that need no personal data — never to hand personal data to anyone.
 */
export const RAW_EVENT_STORE = Symbol('RAW_EVENT_STORE');
/** Injection token of the `CheckpointStore` of the hub's subscribers. */
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
/** Injection token of the `RequestReadModel`. */
export const REQUEST_READ_MODEL = Symbol('REQUEST_READ_MODEL');
/** Injection token of the `Router` that picks the competent authorities. */
export const ROUTER = Symbol('ROUTER');
/** Injection token of the hub clock, `() => Date` (tests move time). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
