import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordRefusal } from '../auth/record-refusal';
import { ConnectorsError } from '@maillage/connectors';
import { open311Errors, type Open311Error } from '@maillage/dialects';
import { DirectoryError } from '@maillage/directory';
import { DomainError } from '@maillage/domain';
import { EventStoreError } from '@maillage/event-store';
import { ProblemDetailsFilter } from '../problems/problem-details.filter';
import { ProblemException } from '../problems/problem.exception';

const CONNECTOR_STATUS: Record<string, number> = {
  'CONNECTOR.UNAUTHENTICATED': 401,
  'CONNECTOR.FORBIDDEN': 403,
  'CONNECTOR.DISABLED': 403,
  'CONNECTOR.NOT_FOUND': 404,
  'CONNECTOR.REQUEST_NOT_FOUND': 404,
};

/**
 * GeoReport v2 clients expect its own error format, `[{ "code": 400, "description": "…" }]`,
 * with the HTTP status in `code` and the argument at fault named in the description.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');
  private readonly problems = new ProblemDetailsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.toErrors(exception);
    recordRefusal(host.switchToHttp().getRequest<FastifyRequest>(), {
      status,
      code: exception instanceof ConnectorsError ? exception.code : `OPEN311.${status}`,
      detail: body[0]?.description ?? '',
    });
    if (status === 500) this.logger.error(String((exception as Error)?.stack ?? exception));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toErrors(exception: unknown): [number, Open311Error[]] {
    const error = (code: number, description: string): [number, Open311Error[]] => [
      code,
      [{ code, description }],
    ];
    if (exception instanceof ConnectorsError) {
      if (exception.code === 'CONNECTOR.PAYLOAD_INVALID' && exception.issues.length > 0) {
        return [400, open311Errors(exception.issues, 400)];
      }
      return error(CONNECTOR_STATUS[exception.code] ?? 400, exception.message);
    }
    if (exception instanceof DirectoryError || exception instanceof DomainError) {
      const field = exception.field ? `${exception.field}: ` : '';
      return error(
        exception instanceof DomainError && exception.code === 'REQUEST.NOT_FOUND' ? 404 : 400,
        `${field}${exception.message}`,
      );
    }
    if (exception instanceof EventStoreError && exception.code === 'STORE.UNAVAILABLE') {
      return error(503, 'the hub cannot record requests right now; retry later');
    }
    if (exception instanceof ProblemException) {
      return error(exception.status, exception.message);
    }
    // Anything else (body limit, media type, malformed JSON…): the canonical mapping, reshaped.
    const { problem } = this.problems.toProblem(exception);
    return error(
      problem.status,
      problem.status === 500 ? 'internal error; it has been logged' : problem.detail,
    );
  }
}
