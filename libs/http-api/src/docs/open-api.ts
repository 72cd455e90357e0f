import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
  return withRateLimitAnswers(SwaggerModule.createDocument(app, config));
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
