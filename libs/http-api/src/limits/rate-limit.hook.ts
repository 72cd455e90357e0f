import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MaillageConfig } from '@maillage/config';
import { adminTokenOf, parseApiKey } from '@maillage/connectors';
import { ProblemException } from '../problems/problem.exception';
import { RateLimiter } from './rate-limiter';

/** Probes and documentation: never limited, so that an orchestrator never sees a 429. */
const EXEMPT_PATHS = ['/health', '/metrics', '/docs'];

/**
 * Who a request counts against, read from its headers without authenticating it (that comes
 * later, per route): a Maillage key by its key id, the admin or auditor token by its hash, and
 * anything else (no credential, an unknown token) by the client's address. An unknown token
 * does not get a bucket of its own, or a client could make up a new one for every call.
 */
export function rateLimitCallerOf(config: MaillageConfig): (request: FastifyRequest) => string {
  const knownTokens = new Set(
    [adminTokenOf(config), config.audit.auditorToken]
      .filter((token): token is string => token !== null)
      .map(digest),
  );
  return (request) => {
    const presented = presentedCredential(request);
    if (presented !== null) {
      const key = parseApiKey(presented);
      if (key) return `key:${key.keyId}`;
      const hash = digest(presented);
      if (knownTokens.has(hash)) return `token:${hash}`;
    }
    return `ip:${request.ip}`;
  };
}

/**
 * Installs the per-caller rate limit as an `onRequest` hook, before any other: a refused call
 * costs a header parsed (or a token hashed) and a map look-up, and its body is never read. Over
 * the limit, 429 problem+json with `Retry-After`. Nothing is installed when the limit is off
 * (`config.http.rateLimit` null).
 */
export function installRateLimit(fastify: FastifyInstance, config: MaillageConfig): void {
  const rate = config.http.rateLimit;
  if (rate === null) return;
  const limiter = new RateLimiter(rate);
  const callerOf = rateLimitCallerOf(config);
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (isRateLimitExempt(request.url)) {
      done();
      return;
    }
    const decision = limiter.take(callerOf(request));
    if (decision.allowed) {
      done();
      return;
    }
    const seconds = String(decision.retryAfterSeconds);
    done(
      new ProblemException(
        429,
        'HTTP.RATE_LIMITED',
        'Too many requests',
        `This caller exceeded ${rate.perSecond} requests per second (bursts of ${rate.burst}); retry in ${seconds} s.`,
        { retriable: true, headers: { 'retry-after': seconds } },
      ),
    );
  });
}

/** `Authorization: Bearer …`, else `X-Api-Key`, else an Open311 `api_key` in the query string. */
function presentedCredential(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1]!;
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey;
  const queryKey = (request.query as Record<string, unknown> | undefined)?.['api_key'];
  return typeof queryKey === 'string' ? queryKey : null;
}

/** Health, metrics and the API's documentation are never rate limited. */
export function isRateLimitExempt(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return EXEMPT_PATHS.some((exempt) => path === exempt || path.startsWith(`${exempt}/`));
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
