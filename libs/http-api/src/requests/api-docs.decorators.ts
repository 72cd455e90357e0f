import { ApiHeader, ApiResponse } from '@nestjs/swagger';

const ACTOR_HEADERS = [
  ApiHeader({
    name: 'Maillage-Authority',
    required: true,
    description: 'Acting authority, e.g. commune:45155',
  }),
  ApiHeader({
    name: 'Maillage-Connector',
    required: false,
    description: 'Acting GRC tool (connector id)',
  }),
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key answers with the first result and records nothing',
  }),
];
/** Documents the headers that say who acts: authority, connector, idempotency key. */
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
