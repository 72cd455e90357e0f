import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { AuditProblemException } from './audit-problem.exception';

/**
 * The audit API takes the auditor token (MAILLAGE_AUDITOR_TOKEN) as a bearer token, and nothing
 * else: neither a connector key nor the admin token opens it. Without a configured token the
 * audit API is closed (403).
 */
@Injectable()
export class AuditorTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(MAILLAGE_CONFIG) config: MaillageConfig) {
    const token = config.audit.auditorToken;
    this.expected = token ? digest(token) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) {
      throw new AuditProblemException(
        403,
        'AUDIT.CLOSED',
        'Audit API closed',
        'No auditor token is configured on this hub (set MAILLAGE_AUDITOR_TOKEN).',
      );
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), this.expected)) {
      throw new AuditProblemException(
        401,
        'AUDIT.UNAUTHENTICATED',
        'Unauthenticated',
        'Expected the auditor token: Authorization: Bearer <MAILLAGE_AUDITOR_TOKEN>.',
        { field: 'authorization', headers: { 'www-authenticate': 'Bearer' } },
      );
    }
    return true;
  }
}

/** Compared as digests: equal lengths whatever was presented, so the comparison is constant-time. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
