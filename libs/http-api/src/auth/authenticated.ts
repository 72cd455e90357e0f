import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyScope } from '@maillage/connectors';
import { ProblemException } from '../problems/problem.exception';
import { Authenticator, bearerToken } from './authenticator';
import { PRINCIPAL, type Principal, type WithPrincipal } from './principal';

/** Who may call a route: connector keys holding one of `scopes`, and/or the hub's tokens. */
export interface Access {
  readonly scopes?: readonly ApiKeyScope[];
  /** The hub's admin token (connector management). */
  readonly admin?: boolean;
  /** The hub's auditor token (reads only). */
  readonly auditor?: boolean;
}

const ACCESS = 'maillage:access';

/**
 * Marks a controller or route as authenticated: the guard resolves the caller and refuses (401 /
 * 403, logged as security events) anyone `access` does not name. The principal is then available
 * through {@link CurrentPrincipal}.
 */
export function Authenticated(access: Access): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(ACCESS, access),
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'No credential, or one this hub does not know' }),
    ApiResponse({ status: 403, description: 'The credential may not do this (scope, authority)' }),
  );
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {};
    const request = context.switchToHttp().getRequest<FastifyRequest & WithPrincipal>();
    const adminOnly = access.admin && !access.auditor && !access.scopes?.length;
    if (
      adminOnly &&
      !this.authenticator.adminConfigured &&
      !bearerToken(request)?.startsWith('mlg_')
    ) {
      throw new ProblemException(
        403,
        'ADMIN.CLOSED',
        'Admin API closed',
        'No admin token is configured on this hub (set MAILLAGE_ADMIN_TOKEN).',
        { retriable: false },
      );
    }
    const principal = await this.authenticator.authenticate(request);
    request[PRINCIPAL] = principal;
    if (principal.kind === 'admin' && !access.admin) throw tokenRefused('admin');
    if (principal.kind === 'auditor' && !access.auditor) throw tokenRefused('auditor');
    if (principal.kind === 'connector') {
      const allowed = access.scopes ?? [];
      if (!allowed.some((scope) => principal.scopes.includes(scope))) {
        throw new ProblemException(
          403,
          'AUTH.SCOPE_MISSING',
          'Scope missing',
          allowed.length === 0
            ? 'Connector keys cannot call this route.'
            : `This route needs a key with the ${allowed.join(' or ')} scope; this key has ${principal.scopes.join(', ')}.`,
          { field: 'authorization', retriable: false },
        );
      }
    }
    return true;
  }
}

/** The authenticated caller of a route marked {@link Authenticated}. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<WithPrincipal>()[PRINCIPAL];
    if (!principal) throw new Error('CurrentPrincipal used on a route without @Authenticated');
    return principal;
  },
);

/**
 * A route under `/v1/connectors/{connectorId}/…`: the connector's own key, or the admin token when
 * the route admits it. Another connector's key is refused (403).
 */
export function requireOwnConnector(principal: Principal, connectorId: string): void {
  if (principal.kind === 'connector' && principal.connector.id !== connectorId) {
    throw new ProblemException(
      403,
      'CONNECTOR.FORBIDDEN',
      'Forbidden',
      `This key belongs to connector ${principal.connector.id}; it cannot act for ${connectorId.slice(0, 80)}.`,
      { field: 'authorization', retriable: false },
    );
  }
}

function tokenRefused(kind: 'admin' | 'auditor'): ProblemException {
  return new ProblemException(
    403,
    'AUTH.FORBIDDEN',
    'Forbidden',
    kind === 'admin'
      ? 'The admin token manages connectors; it does not act for an authority. Use a connector key.'
      : 'The auditor token reads; it cannot call this route.',
    { field: 'authorization', retriable: false },
  );
}
