import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { adminTokenOf, Connectors } from '@maillage/connectors';
import { ProblemException } from '../problems/problem.exception';
import type { Principal } from './principal';

/**
 * Turns a request's credential into a {@link Principal}: `Authorization: Bearer <credential>` (or
 * `X-Api-Key`), where the credential is a connector key (`mlg_…`), the admin token or the auditor
 * token. Tokens are compared as SHA-256 digests, in constant time.
 */
@Injectable()
export class Authenticator {
  private readonly adminDigest: Buffer | null;
  private readonly auditorDigest: Buffer | null;

  constructor(
    private readonly connectors: Connectors,
    @Inject(MAILLAGE_CONFIG) config: MaillageConfig,
  ) {
    const admin = adminTokenOf(config);
    this.adminDigest = admin === null ? null : digest(admin);
    this.auditorDigest = config.audit.auditorToken ? digest(config.audit.auditorToken) : null;
  }

  /** Whether this hub has an admin token at all (without one, the admin API is closed). */
  get adminConfigured(): boolean {
    return this.adminDigest !== null;
  }

  async authenticate(request: FastifyRequest): Promise<Principal> {
    const credential = bearerToken(request);
    if (credential === null) throw unauthenticated('no credential was sent');
    if (credential.startsWith('mlg_')) {
      const key = await this.connectors.authenticateKey(credential);
      return { kind: 'connector', ...key };
    }
    const presented = digest(credential);
    if (this.adminDigest && timingSafeEqual(presented, this.adminDigest)) return { kind: 'admin' };
    if (this.auditorDigest && timingSafeEqual(presented, this.auditorDigest)) {
      return { kind: 'auditor' };
    }
    throw unauthenticated('the credential is not a key or token of this hub');
  }
}

/** The bearer token of a request (`Authorization: Bearer …`), or its `X-Api-Key`, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : null;
}

function unauthenticated(why: string): ProblemException {
  return new ProblemException(
    401,
    'AUTH.UNAUTHENTICATED',
    'Unauthenticated',
    `Expected a connector API key (Authorization: Bearer mlg_…), the admin token or the auditor token: ${why}.`,
    { field: 'authorization', retriable: false, headers: { 'www-authenticate': 'Bearer' } },
  );
}

/** Equal lengths whatever was presented, so the comparison is constant-time. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
