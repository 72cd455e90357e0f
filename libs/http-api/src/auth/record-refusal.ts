import type { FastifyRequest } from 'fastify';
import { securityLog } from '@maillage/connectors';
import {
  authorityOfPrincipal,
  describePrincipal,
  PRINCIPAL,
  type WithPrincipal,
} from './principal';

/**
 * Records a refused call as a security event when it is one: 401, 403, or a 404 that hides
 * something the caller may not see. Whatever the answer's format (problem+json, GeoReport).
 */
export function recordRefusal(
  request: FastifyRequest,
  answer: { status: number; code: string; detail: string; hidden?: boolean },
): void {
  const hidden = answer.hidden === true;
  if (answer.status !== 401 && answer.status !== 403 && !hidden) return;
  const principal = (request as WithPrincipal)[PRINCIPAL];
  securityLog.record({
    outcome: answer.status === 401 ? 'unauthenticated' : hidden ? 'hidden' : 'forbidden',
    code: answer.code,
    principal: describePrincipal(principal),
    authority: authorityOfPrincipal(principal),
    attempt: `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`,
    detail: answer.detail,
  });
}
