import type { DomainErrorCode } from './domain-error-code';

/**
 * A command the decider refuses. Nothing is recorded when it is thrown, and retrying the same
 * command against the same history gives the same answer, hence `retriable` is always false
 * (a concurrent-update retry is the application layer's business, not the domain's).
 */
export class DomainError extends Error {
  readonly retriable = false as const;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The command field at fault (dotted path, e.g. `routing.targets`), or null. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
