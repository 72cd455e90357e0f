/** An Idempotency-Key was sent again with a different request: the first use stands. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  readonly field = 'Idempotency-Key';
  readonly retriable = false;
  constructor() {
    super('This Idempotency-Key was already used for another request; use a new key.');
    this.name = 'IdempotencyKeyReusedError';
  }
}
