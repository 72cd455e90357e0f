import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details, shaped as the rest of the hub's API answers them. */
export interface AuditProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable code, e.g. `AUDIT.CLOSED`. */
  readonly code: string;
  readonly retriable: boolean;
  readonly field?: string;
}

/**
 * An error of the audit API, carrying its problem body (`getResponse()`). `AuditProblemFilter`
 * answers it as `application/problem+json` on the audit controller; a hub-wide filter can do the
 * same by sending `getResponse()` as is.
 */
export class AuditProblemException extends HttpException {
  constructor(
    status: number,
    code: string,
    title: string,
    detail: string,
    options: { readonly field?: string; readonly headers?: Record<string, string> } = {},
  ) {
    const problem: AuditProblem = {
      type: `urn:maillage:problem:${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      detail,
      code,
      retriable: status >= 500,
      ...(options.field ? { field: options.field } : {}),
    };
    super(problem, status);
    this.headers = options.headers ?? {};
  }

  readonly headers: Record<string, string>;
  /** A 404 hiding what exists from a caller not entitled to it: logged as a security event. */
  hidden = false;

  get problem(): AuditProblem {
    return this.getResponse() as AuditProblem;
  }

  static invalid(field: string, reason: string): AuditProblemException {
    return new AuditProblemException(
      400,
      'AUDIT.INVALID_QUERY',
      'Invalid query',
      `${field}: ${reason}`,
      {
        field,
      },
    );
  }

  static notFound(
    what: string,
    options: { readonly hidden?: boolean } = {},
  ): AuditProblemException {
    const exception = new AuditProblemException(
      404,
      'AUDIT.NOT_FOUND',
      'Not found',
      `${what} was not found.`,
    );
    exception.hidden = options.hidden === true;
    return exception;
  }
}
