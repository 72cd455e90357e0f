import { ApiHeader, ApiResponse } from '@nestjs/swagger';

const ACTOR_HEADERS = [
  ApiHeader({
    name: 'Maillage-Authority',
    required: false,
    description:
      "Optional: the acting authority is the key's; if sent, it must be the key's authority (403 otherwise)",
  }),
  ApiHeader({
    name: 'Maillage-Connector',
    required: false,
    description: "Optional: if sent, must be the key's connector id (403 otherwise)",
  }),
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key answers with the first result and records nothing',
  }),
];
/** Documents the headers of a command: declared actor (checked against the key), idempotency key. */
export const ActorHeaders = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of ACTOR_HEADERS) decorate(target, key, descriptor);
};
/** Documents the problem+json answers of an operation. */
export const Problems =
  (...statuses: number[]): MethodDecorator =>
  (target, key, descriptor) => {
    for (const status of statuses) {
      ApiResponse({ status, description: 'RFC 9457 problem details (application/problem+json)' })(
        target,
        key,
        descriptor,
      );
    }
  };

/** Canonical HTTP API of service requests, under /v1. */
