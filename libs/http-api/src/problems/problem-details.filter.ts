import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConnectorsError } from '@maillage/connectors';
import { DomainError } from '@maillage/domain';
import { DirectoryError } from '@maillage/directory';
import { EventStoreError } from '@maillage/event-store';
import { ConcurrentUpdateError, IdempotencyKeyReusedError } from '@maillage/service-requests';
import { type ProblemDetails, problemType } from './problem-details';
import { recordRefusal } from '../auth/record-refusal';
import { ProblemException } from './problem.exception';

/** HTTP status of each domain error code. */
const DOMAIN_STATUS: Record<string, number> = {
  'REQUEST.NOT_FOUND': 404,
  'REQUEST.INVALID': 400,
  'REQUEST.NOT_A_TARGET': 403,
  'REQUEST.NOT_INVOLVED': 403,
  'REQUEST.ILLEGAL_TRANSITION': 409,
  'REQUEST.CLOSED': 409,
  'REQUEST.NOT_CLOSED': 409,
  'REQUEST.ALREADY_ACKNOWLEDGED': 409,
  'REQUEST.ALREADY_FILED': 409,
};

/** HTTP status of each connector error code. */
const CONNECTOR_STATUS: Record<string, number> = {
  'CONNECTOR.INVALID': 400,
  'CONNECTOR.PAYLOAD_INVALID': 400,
  'CONNECTOR.FILE_INVALID': 400,
  'CONNECTOR.UNAUTHENTICATED': 401,
  'CONNECTOR.FORBIDDEN': 403,
  'CONNECTOR.SCOPE_MISSING': 403,
  'CONNECTOR.DISABLED': 403,
  'CONNECTOR.NOT_FOUND': 404,
  'CONNECTOR.KEY_NOT_FOUND': 404,
  'CONNECTOR.SUBSCRIPTION_NOT_FOUND': 404,
  'CONNECTOR.REQUEST_NOT_FOUND': 404,
  'CONNECTOR.ALREADY_EXISTS': 409,
};

/**
 * Every error leaves as RFC 9457 problem+json. Domain and store errors are mapped by code; bad
 * input is never a 500; an unexpected error is logged and answered without internal details.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers } = this.toProblem(exception);
    if (problem.status >= 500 && problem.code === 'INTERNAL') {
      this.logger.error(
        `${request.method} ${request.routeOptions?.url ?? '?'}: ${describe(exception)}`,
      );
    }
    recordRefusal(request, {
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      hidden: exception instanceof ProblemException && exception.options.hidden === true,
    });
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send({ ...problem, instance: request.url.split('?')[0] });
  }

  /** The problem an exception is answered with, and the headers that go with it. */
  toProblem(exception: unknown): {
    problem: ProblemDetails;
    headers: Record<string, string>;
  } {
    if (exception instanceof ProblemException) {
      return {
        problem: problem(exception.status, exception.code, exception.title, exception.message, {
          field: exception.options.field,
          errors: exception.options.errors,
          retriable: exception.options.retriable ?? exception.status >= 500,
        }),
        headers: exception.options.headers ?? {},
      };
    }
    if (exception instanceof DomainError) {
      const status = DOMAIN_STATUS[exception.code] ?? 422;
      return {
        problem: problem(status, exception.code, titleOf(exception.code), exception.message, {
          field: exception.field ?? undefined,
          retriable: false,
        }),
        headers: {},
      };
    }
    if (exception instanceof ConnectorsError) {
      const status = CONNECTOR_STATUS[exception.code] ?? 400;
      return {
        problem: problem(status, exception.code, titleOf(exception.code), exception.message, {
          field: exception.field ?? undefined,
          ...(exception.issues.length > 0
            ? {
                errors: exception.issues.map((issue) => ({
                  field: issue.pointer || '/',
                  reason: `expected ${issue.expected}`,
                  code: issue.code,
                })),
              }
            : {}),
          retriable: false,
        }),
        headers: status === 401 ? { 'www-authenticate': 'Bearer' } : {},
      };
    }
    if (exception instanceof DirectoryError) {
      // An unknown commune or category in the input: the field is named, nothing was recorded.
      return {
        problem: problem(400, exception.code, titleOf(exception.code), exception.message, {
          field: exception.field ?? undefined,
          retriable: false,
        }),
        headers: {},
      };
    }
    if (
      exception instanceof ConcurrentUpdateError ||
      exception instanceof IdempotencyKeyReusedError
    ) {
      const status = exception instanceof ConcurrentUpdateError ? 409 : 422;
      return {
        problem: problem(status, exception.code, titleOf(exception.code), exception.message, {
          field: exception.field ?? undefined,
          retriable: exception.retriable,
        }),
        headers: {},
      };
    }
    if (exception instanceof EventStoreError) {
      if (exception.code === 'STORE.UNAVAILABLE') {
        return {
          problem: problem(
            503,
            exception.code,
            'Event store unavailable',
            'The event store cannot be reached; nothing was recorded. Retry later with the same Idempotency-Key.',
            { retriable: true },
          ),
          headers: { 'retry-after': '1' },
        };
      }
      return {
        problem: problem(409, exception.code, titleOf(exception.code), exception.message, {
          retriable: exception.retriable,
        }),
        headers: {},
      };
    }
    // Fastify's own errors (body limit, JSON syntax, media type) arrive wrapped by Nest's adapter.
    const raw = exception instanceof HttpException && exception.cause ? exception.cause : exception;
    const fastifyCode = (raw as { code?: unknown } | null)?.code;
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return {
        problem: problem(
          413,
          'HTTP.BODY_TOO_LARGE',
          'Body too large',
          'The request body exceeds the limit of this hub (see MAILLAGE_BODY_LIMIT).',
          { retriable: false },
        ),
        headers: {},
      };
    }
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return {
        problem: problem(
          415,
          'HTTP.UNSUPPORTED_MEDIA_TYPE',
          'Unsupported media type',
          'Send the body as application/json.',
          { retriable: false },
        ),
        headers: {},
      };
    }
    if (
      fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      raw instanceof SyntaxError ||
      fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY'
    ) {
      return {
        problem: problem(
          400,
          'HTTP.MALFORMED_JSON',
          'Malformed JSON',
          'The body is not valid JSON.',
          { field: 'body', retriable: false },
        ),
        headers: {},
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === 404 ? 'HTTP.NOT_FOUND' : `HTTP.${status}`;
      return {
        problem: problem(
          status,
          code,
          exception.name.replace(/Exception$/, ''),
          exception.message,
          { retriable: status >= 500 || status === 429 },
        ),
        headers: {},
      };
    }
    const status = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        problem: problem(status, `HTTP.${status}`, 'Bad request', (exception as Error).message, {
          retriable: false,
        }),
        headers: {},
      };
    }
    return {
      problem: problem(
        500,
        'INTERNAL',
        'Internal error',
        'An unexpected error occurred; it has been logged.',
        { retriable: true },
      ),
      headers: {},
    };
  }
}

function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: { field?: string | undefined; errors?: ProblemDetails['errors']; retriable: boolean },
): ProblemDetails {
  return {
    type: problemType(code),
    title,
    status,
    detail,
    code,
    retriable: extra.retriable,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

function titleOf(code: string): string {
  const words = code.split('.').pop()!.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describe(exception: unknown): string {
  return exception instanceof Error
    ? `${exception.name}: ${exception.message}\n${exception.stack ?? ''}`
    : String(exception);
}
