import type { DialectIssue } from '../dialect';
import { pointerTokens } from '../decoding/json-pointer';

/** One entry of a GeoReport v2 error response. */
export interface Open311Error {
  readonly code: number;
  readonly description: string;
}

/**
 * A GeoReport v2 error body (`[{"code": 400, "description": "..."}]`), one entry per issue, each
 * naming the argument at fault. `code` is the HTTP status the response is sent with.
 */
export function open311Errors(issues: readonly DialectIssue[], code = 400): Open311Error[] {
  return issues.map((issue) => {
    const path = pointerTokens(issue.pointer).join('.');
    return {
      code,
      description:
        path === '' ? `expected ${issue.expected}` : `${path}: expected ${issue.expected}`,
    };
  });
}

/** The body answering a successful `POST requests.json`. */
export function open311RequestCreated(
  serviceRequestId: string,
  serviceNotice: string | null = null,
): { service_request_id: string; service_notice: string | null }[] {
  return [{ service_request_id: serviceRequestId, service_notice: serviceNotice }];
}
