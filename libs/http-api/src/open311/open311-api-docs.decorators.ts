import { ApiResponse } from '@nestjs/swagger';

/** GeoReport v2's error format (Open311ErrorFilter): the HTTP status again, and what is wrong. */
const OPEN311_ERRORS = {
  type: 'array' as const,
  minItems: 1,
  items: {
    type: 'object' as const,
    required: ['code', 'description'],
    properties: {
      code: { type: 'integer' as const, description: 'The HTTP status' },
      description: { type: 'string' as const, description: 'What is wrong, naming the argument' },
    },
  },
};

/** What GeoReport v2 `POST requests.json` answers: the new request's id, in a one-item list. */
export const OPEN311_CREATED = {
  type: 'array' as const,
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object' as const,
    required: ['service_request_id'],
    properties: {
      service_request_id: { type: 'string' as const, format: 'uuid' },
      service_notice: { type: 'string' as const, nullable: true },
      account_id: { type: 'string' as const, nullable: true },
    },
  },
};

/** Documents the GeoReport v2 error answers of an Open311 operation (not problem details). */
export const Open311Errors =
  (...statuses: number[]): MethodDecorator =>
  (target, key, descriptor) => {
    for (const status of statuses) {
      ApiResponse({
        status,
        description: 'GeoReport v2 errors: [{ "code": <status>, "description": "…" }]',
        content: { 'application/json': { schema: OPEN311_ERRORS } },
      })(target, key, descriptor);
    }
  };
