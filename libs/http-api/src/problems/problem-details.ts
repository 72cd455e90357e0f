/** One invalid field of a request, named by its path in the body (e.g. `location.inseeCode`). */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
  /** Stable code of the problem with this field, when there is one (e.g. `DIALECT.REQUIRED`). */
  readonly code?: string;
}

/** RFC 9457 problem details, with Maillage's stable error code and retry hint. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  /** Stable machine-readable code, e.g. `REQUEST.ILLEGAL_TRANSITION`. */
  readonly code: string;
  /** True when the same call may succeed later unchanged. */
  readonly retriable: boolean;
  /** The field at fault, when there is one. */
  readonly field?: string;
  /** Every invalid field, for validation errors. */
  readonly errors?: readonly FieldError[];
}

/** `type` URI of a problem code: `urn:maillage:problem:request.illegal-transition`. */
export function problemType(code: string): string {
  return `urn:maillage:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
