import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type MaillageConfig, loggerLevels } from '@maillage/config';
import { setUpOpenApi } from './docs/open-api';
import { unstorableTextPointer } from '@maillage/event-store';
import {
  jsonLimitProblem,
  jsonLimitViolation,
  unstorableTextProblem,
} from './limits/json-body-limits';
import { installRateLimit } from './limits/rate-limit.hook';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { ProblemException } from './problems/problem.exception';
import { toFieldErrors } from './problems/validation-errors';
import { FastAcceptValidationPipe } from './validation/fast-accept.validation-pipe';

/**
 * Builds the Fastify-based Nest application every HTTP app shares: per-caller rate limit (429),
 * body limit enforced by Fastify before parsing (413), JSON depth and array length limits (400),
 * strict validation (unknown fields refused, so no body can set a server-owned field),
 * problem+json errors, OpenAPI at /docs.
 */
export async function createHttpApplication(
  rootModule: unknown,
  config: MaillageConfig,
): Promise<NestFastifyApplication> {
  const adapter = createFastifyAdapter(config);
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    logger: loggerLevels(config.logLevel),
    bufferLogs: false,
  });
  configureHttpApplication(app);
  setUpOpenApi(app);
  closeGracefullyOnSignals(app);
  return app;
}

/**
 * On SIGTERM/SIGINT, stop taking requests and let those in flight finish first, then close the
 * modules (projection, stores). Nest's own shutdown hooks would close the stores while the HTTP
 * server still answers, turning requests caught by a shutdown into errors.
 */
function closeGracefullyOnSignals(app: NestFastifyApplication): void {
  let closing = false;
  const close = (): void => {
    if (closing) return;
    closing = true;
    void app
      .getHttpAdapter()
      .getInstance()
      .close()
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

/**
 * Fastify with the hub's limits, in the order a request meets them: the per-caller rate limit
 * (429, before anything is read), the body size (413, before parsing), then, once parsed, the
 * depth and array lengths of a JSON body (400, before any handler). JSON bodies only (forms on the
 * Open311 routes): the default text/plain parser is removed, so any other media type is refused
 * with 415 before a handler runs.
 */
export function createFastifyAdapter(config: MaillageConfig): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: config.http.bodyLimitBytes, trustProxy: false });
  const fastify = adapter.getInstance();
  installRateLimit(fastify, config);
  fastify.removeContentTypeParser('text/plain');
  // Fastify's own parser (secure-json-parse, refusing `__proto__` and `constructor.prototype`
  // keys), then one walk of the parsed body: JSON.parse keeps its speed, and a body nested too
  // deep or with a huge array is refused before a validator or a dialect recurses into it.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const limits = {
    maxDepth: config.http.jsonMaxDepth,
    maxArrayLength: config.http.jsonMaxArrayLength,
  };
  adapter.useBodyParser(
    'application/json',
    false,
    { bodyLimit: config.http.bodyLimitBytes },
    (request, body, done) => {
      void parseJson(request, body as unknown as string, (error, parsed: unknown) => {
        if (error) {
          done(error, undefined);
          return;
        }
        const violation = jsonLimitViolation(parsed, limits);
        if (violation) {
          done(jsonLimitProblem(violation, limits), undefined);
          return;
        }
        const unstorable = unstorableTextPointer(parsed);
        if (unstorable !== null) done(unstorableTextProblem(unstorable), undefined);
        else done(null, parsed);
      });
    },
  );
  // Open311 GeoReport v2 clients may post forms; every other route takes JSON only (415). Given
  // to Nest's own hook, so that it replaces (not duplicates) the adapter's default form parser.
  adapter.useBodyParser(
    'application/x-www-form-urlencoded',
    false,
    { bodyLimit: config.http.bodyLimitBytes },
    (request, body, done) => {
      if (!request.url.startsWith('/open311/')) {
        done(
          Object.assign(new Error('Send the body as application/json.'), {
            code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
            statusCode: 415,
          }),
          undefined,
        );
        return;
      }
      // A flat object of strings, as GeoReport v2 defines its arguments; a key sent twice keeps
      // its last value. Built without a prototype, so no key can reach one.
      const fields: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [name, value] of new URLSearchParams(String(body))) fields[name] = value;
      const unstorable = unstorableTextPointer(fields);
      if (unstorable !== null) done(unstorableTextProblem(unstorable), undefined);
      else done(null, fields);
    },
  );
  return adapter;
}

/** Pipes and filters, separate so tests can apply them to a testing module's application. */
export function configureHttpApplication(app: INestApplication): void {
  app.useGlobalPipes(
    new FastAcceptValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => ProblemException.validation(toFieldErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
}
