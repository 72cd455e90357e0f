/** The request kept changing under the command after every retry; the client may try again. */
export class ConcurrentUpdateError extends Error {
  readonly code = 'REQUEST.CONCURRENT_UPDATE';
  readonly field = null;
  readonly retriable = true;
  constructor(
    readonly requestId: string,
    attempts: number,
  ) {
    super(`Request ${requestId} was changed concurrently ${attempts} times; try again.`);
    this.name = 'ConcurrentUpdateError';
  }
}
