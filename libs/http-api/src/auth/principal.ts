import type { ApiKeyScope, Connector } from '@maillage/connectors';

/**
 * Who is calling, once authenticated: a connector's key (acting for the connector's authority,
 * within its scopes), the hub's admin token (connector management only, acts for no authority), or
 * the hub's auditor token (reads everything, writes nothing).
 */
export type Principal =
  | {
      readonly kind: 'connector';
      readonly connector: Connector;
      readonly keyId: string;
      readonly scopes: readonly ApiKeyScope[];
    }
  | { readonly kind: 'admin' }
  | { readonly kind: 'auditor' };

/** How a principal is named in security events and logs (never a secret). */
export function describePrincipal(principal: Principal | undefined): string | null {
  if (!principal) return null;
  return principal.kind === 'connector'
    ? `connector:${principal.connector.id} (key ${principal.keyId})`
    : principal.kind;
}

export function authorityOfPrincipal(principal: Principal | undefined): string | null {
  return principal?.kind === 'connector' ? principal.connector.authority : null;
}

/** Where the guard leaves the principal on the request. */
export const PRINCIPAL = Symbol.for('maillage.principal');

export type WithPrincipal = { [PRINCIPAL]?: Principal };
