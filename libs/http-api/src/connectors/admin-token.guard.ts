import { timingSafeEqual, createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { adminTokenOf } from '@maillage/connectors';
import { ProblemException } from '../problems/problem.exception';

/**
 * The admin API (`/v1/connectors` management) takes the hub's admin token as a bearer token.
 * Without a configured token (and outside demo mode) the admin API is closed.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(MAILLAGE_CONFIG) config: MaillageConfig) {
    const token = adminTokenOf(config);
    this.expected = token === null ? null : digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) {
      throw new ProblemException(
        403,
        'ADMIN.CLOSED',
        'Admin API closed',
        'No admin token is configured on this hub (set MAILLAGE_ADMIN_TOKEN).',
        { retriable: false },
      );
    }
    const presented = bearerToken(context.switchToHttp().getRequest<FastifyRequest>());
    if (presented === null || !timingSafeEqual(digest(presented), this.expected)) {
      throw new ProblemException(
        401,
        'ADMIN.UNAUTHENTICATED',
        'Unauthenticated',
        'Expected the admin token: Authorization: Bearer <MAILLAGE_ADMIN_TOKEN>.',
        { field: 'authorization', retriable: false, headers: { 'www-authenticate': 'Bearer' } },
      );
    }
    return true;
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

/** Compared as digests: equal lengths whatever was presented, so the comparison is constant-time. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
