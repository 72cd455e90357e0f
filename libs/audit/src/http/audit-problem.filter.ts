import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditProblemException } from './audit-problem.exception';

/** Answers `AuditProblemException`s as RFC 9457 problem+json, with the request path as instance. */
@Catch(AuditProblemException)
export class AuditProblemFilter implements ExceptionFilter {
  catch(exception: AuditProblemException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    void reply
      .status(exception.getStatus())
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send({ ...exception.problem, instance: request.url.split('?')[0] });
  }
}
