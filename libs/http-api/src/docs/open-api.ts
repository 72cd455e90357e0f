import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { isRateLimitExempt } from '../limits/rate-limit.hook';

/** The OpenAPI document of the hub's HTTP API. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Maillage')
    .setDescription(
      'Event-sourced interoperability hub between the GRC tools of communes, EPCI and départements. ' +
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code` and the `field` at fault.',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return withProblemSchemas(withBodyAnswers(withRateLimitAnswers(document)));
}

/** RFC 9457 problem details as every /v1 error is written (see problems/problem-details.ts). */
const PROBLEM_DETAILS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'retriable'],
  properties: {
    type: { type: 'string', description: 'urn:maillage:problem:<code>' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable code, e.g. REQUEST.ILLEGAL_TRANSITION' },
    retriable: { type: 'boolean', description: 'True when the same call may succeed later' },
    field: { type: 'string', description: 'The field at fault, when there is one' },
    errors: {
      type: 'array',
      description: 'Every invalid field, for bad input',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: {
          field: { type: 'string' },
          reason: { type: 'string' },
          code: { type: 'string' },
        },
      },
    },
  },
};

/**
 * Every 4xx and 5xx answer of the hub's own API is a problem (ProblemDetailsFilter, global): its
 * schema is declared here once, on each error answer the controllers list. Open311 routes answer
 * GeoReport's own error format, not problems, and are left as they are.
 */
function withProblemSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_DETAILS_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/open311/')) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || !response || 'content' in response) continue;
        (response as { content?: unknown }).content = {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
        };
      }
    }
  }
  return document;
}

/**
 * What every operation with a JSON body may answer before its handler runs — 400 (malformed
 * JSON, too deep), 413 (too large), 415 (not JSON) — declared on each; and the DTO schemas of
 * those bodies closed (`additionalProperties: false`), since the validation pipe refuses unknown
 * fields (`forbidNonWhitelisted`). Open311 routes declare their own GeoReport answers.
 */
function withBodyAnswers(document: OpenAPIObject): OpenAPIObject {
  const closed = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/open311/')) continue;
    for (const method of ['put', 'post', 'patch'] as const) {
      const operation = item[method];
      const body = operation?.requestBody;
      if (!operation || !body || '$ref' in body) continue;
      for (const [status, description] of BODY_ANSWERS) {
        operation.responses[status] ??= { description };
      }
      for (const media of Object.values(body.content)) {
        closeDtoSchemas(document, media.schema, closed);
      }
    }
  }
  return document;
}

const BODY_ANSWERS: readonly [string, string][] = [
  ['400', 'Invalid body: malformed JSON, nested too deep, or a field at fault (named)'],
  ['413', 'Body larger than MAILLAGE_BODY_LIMIT (`HTTP.BODY_TOO_LARGE`)'],
  ['415', 'Body not sent as application/json (`HTTP.UNSUPPORTED_MEDIA_TYPE`)'],
];

/** Sets `additionalProperties: false` on the component schemas `schema` reaches. */
function closeDtoSchemas(document: OpenAPIObject, schema: unknown, closed: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) closeDtoSchemas(document, item, closed);
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    const target = document.components?.schemas?.[name] as SchemaObject | undefined;
    if (!target || closed.has(name)) return;
    closed.add(name);
    target.additionalProperties = false;
    closeDtoSchemas(document, target, closed);
    return;
  }
  for (const value of Object.values(schema)) closeDtoSchemas(document, value, closed);
}

/**
 * Every operation but health, metrics and docs may be refused by the per-caller rate limit, which
 * runs before any route: its 429 is documented here once rather than on each controller.
 */
function withRateLimitAnswers(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (isRateLimitExempt(path)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation || operation.responses['429']) continue;
      operation.responses['429'] = {
        description:
          'Too many requests from this caller (`HTTP.RATE_LIMITED`, RFC 9457 problem details): retry after `Retry-After` seconds',
        headers: {
          'Retry-After': {
            description: 'Seconds until the caller may send again',
            schema: { type: 'integer', minimum: 1 },
          },
        },
      };
    }
  }
  return document;
}

/** Serves the UI at /docs and the document at /docs/openapi.json. */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
}
