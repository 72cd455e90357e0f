/** Injection token of the `EventStore` the hub runs on. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** Injection token of the `CheckpointStore` of the hub's subscribers. */
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
/** Injection token of the `RequestReadModel`. */
export const REQUEST_READ_MODEL = Symbol('REQUEST_READ_MODEL');
/** Injection token of the `Router` that picks the competent authorities. */
export const ROUTER = Symbol('ROUTER');
/** Injection token of the hub clock, `() => Date` (tests move time). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
