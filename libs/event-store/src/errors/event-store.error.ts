/**
 * Base of the closed family of errors an event store adapter may throw at its boundary. Vendor
 * errors (pg, better-sqlite3, @eventstore/db-client) never leak past an adapter: they are
 * translated into one of the subclasses, so callers branch on `code` and `retriable` only.
 */
export abstract class EventStoreError extends Error {
  /** Stable, documented code (`STORE.*`), safe to expose in problem details and logs. */
  abstract readonly code: string;
  /** True when retrying the same operation (possibly after reloading state) can succeed. */
  abstract readonly retriable: boolean;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
