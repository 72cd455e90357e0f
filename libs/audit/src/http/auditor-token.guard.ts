import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { Connectors, ConnectorsError } from '@maillage/connectors';
import { AuditProblemException } from './audit-problem.exception';

/** Where the guard leaves the caller (the same symbol as the HTTP API's, for security events). */
export const AUDIT_PRINCIPAL = Symbol.for('maillage.principal');

/** What the guard leaves on the request: who audits, and over which authority. */
export type AuditCaller =
  | { readonly kind: 'auditor' }
  | {
      readonly kind: 'connector';
      readonly connector: { readonly id: string; readonly authority: string };
      readonly keyId: string;
      readonly scopes: readonly string[];
    };

export type WithAuditCaller = { [AUDIT_PRINCIPAL]?: AuditCaller };

/**
 * The audit API takes the auditor token (MAILLAGE_AUDITOR_TOKEN: the whole log), or — where the
 * hub's connectors are known — a connector key with the `audit` scope, which reads its own
 * authority's history only. Neither the admin token nor a key without that scope opens it.
 * Without a configured token, token callers are refused (403).
 */
@Injectable()
export class AuditorTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(
    @Inject(MAILLAGE_CONFIG) config: MaillageConfig,
    @Optional() private readonly connectors?: Connectors,
  ) {
    const token = config.audit.auditorToken;
    this.expected = token ? digest(token) : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & WithAuditCaller>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const credential = match?.[1];
    if (credential?.startsWith('mlg_') && this.connectors) {
      const key = await this.connectors.authenticateKey(credential).catch((error: unknown) => {
        throw error instanceof ConnectorsError
          ? new AuditProblemException(
              error.code === 'CONNECTOR.UNAUTHENTICATED' ? 401 : 403,
              error.code,
              'Unauthenticated',
              error.message,
              { field: 'authorization', headers: { 'www-authenticate': 'Bearer' } },
            )
          : error;
      });
      request[AUDIT_PRINCIPAL] = { kind: 'connector', ...key };
      if (!key.scopes.includes('audit')) {
        throw new AuditProblemException(
          403,
          'AUDIT.SCOPE_MISSING',
          'Scope missing',
          `This key has ${key.scopes.join(', ')}; the audit API needs a key with the audit scope.`,
          { field: 'authorization' },
        );
      }
      return true;
    }
    if (this.expected === null) {
      throw new AuditProblemException(
        403,
        'AUDIT.CLOSED',
        'Audit API closed',
        'No auditor token is configured on this hub (set MAILLAGE_AUDITOR_TOKEN).',
      );
    }
    if (!credential || !timingSafeEqual(digest(credential), this.expected)) {
      throw new AuditProblemException(
        401,
        'AUDIT.UNAUTHENTICATED',
        'Unauthenticated',
        'Expected the auditor token (Authorization: Bearer <MAILLAGE_AUDITOR_TOKEN>) or a connector key with the audit scope.',
        { field: 'authorization', headers: { 'www-authenticate': 'Bearer' } },
      );
    }
    request[AUDIT_PRINCIPAL] = { kind: 'auditor' };
    return true;
  }
}

/** The authority a caller is limited to: null for the auditor token (the whole log). */
export function auditedAuthority(request: WithAuditCaller): string | null {
  const caller = request[AUDIT_PRINCIPAL];
  return caller?.kind === 'connector' ? caller.connector.authority : null;
}

/** Compared as digests: equal lengths whatever was presented, so the comparison is constant-time. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
