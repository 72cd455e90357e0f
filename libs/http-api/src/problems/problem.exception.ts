import type { FieldError } from './problem-details';

/** An error the HTTP layer answers as-is: status, code, and the fields at fault. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly options: {
      readonly field?: string;
      readonly errors?: readonly FieldError[];
      readonly retriable?: boolean;
      readonly headers?: Record<string, string>;
      /**
       * A 404 that hides something existing from a caller not entitled to see it: answered like
       * any 404, recorded as a security event.
       */
      readonly hidden?: boolean;
    } = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }

  static validation(errors: readonly FieldError[]): ProblemException {
    const first = errors[0];
    return new ProblemException(
      400,
      'VALIDATION.INVALID',
      'Invalid request',
      first
        ? `${first.field}: ${first.reason}` +
            (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '')
        : 'The request is invalid.',
      { field: first?.field, errors },
    );
  }

  static notFound(what: string, options: { hidden?: boolean } = {}): ProblemException {
    return new ProblemException(
      404,
      'REQUEST.NOT_FOUND',
      'Not found',
      `${what} was not found.`,
      options,
    );
  }
}
