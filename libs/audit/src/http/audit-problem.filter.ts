import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { securityLog } from '@maillage/connectors';
import { AuditProblemException } from './audit-problem.exception';
import { AUDIT_PRINCIPAL, type WithAuditCaller } from './auditor-token.guard';

/** Answers `AuditProblemException`s as RFC 9457 problem+json, with the request path as instance. */
@Catch(AuditProblemException)
export class AuditProblemFilter implements ExceptionFilter {
  catch(exception: AuditProblemException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const status = exception.getStatus();
    if (status === 401 || status === 403 || exception.hidden) {
      const caller = (request as WithAuditCaller)[AUDIT_PRINCIPAL];
      securityLog.record({
        outcome: status === 401 ? 'unauthenticated' : exception.hidden ? 'hidden' : 'forbidden',
        code: exception.problem.code,
        principal:
          caller?.kind === 'connector'
            ? `connector:${caller.connector.id} (key ${caller.keyId})`
            : (caller?.kind ?? null),
        authority: caller?.kind === 'connector' ? caller.connector.authority : null,
        attempt: `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`,
        detail: exception.problem.detail,
      });
    }
    for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    void reply
      .status(exception.getStatus())
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send({ ...exception.problem, instance: request.url.split('?')[0] });
  }
}
