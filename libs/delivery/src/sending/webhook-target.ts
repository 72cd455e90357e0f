import { lookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isLoopbackName, type WebhookTargetPolicy } from '@maillage/connectors';

/** Every address a name resolves to (`dns.lookup` with `all`, in the resolver's order). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

/** Where one attempt may connect, or why it may not. */
export type WebhookTarget =
  /**
   * `lookup` answers the addresses that were checked, and only them: the connection goes where
   * the check looked, whatever the name resolves to a moment later (DNS rebinding). Undefined
   * for an IP literal (nothing to resolve) and for a host an operator allowed.
   */
  | { readonly kind: 'reachable'; readonly lookup: LookupFunction | undefined }
  | { readonly kind: 'refused'; readonly reason: string };

export const resolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => {
    lookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/**
 * Checks, right before connecting, where a webhook URL leads: its literal address, or every
 * address its name resolves to now — one private address among public ones is enough to refuse,
 * since the connection could take any of them. Throws what the resolver throws (`ENOTFOUND`…):
 * a failure to resolve is a network error, retried like one.
 */
export async function webhookTarget(
  url: URL,
  policy: WebhookTargetPolicy,
  resolve: ResolveAll = resolveAll,
): Promise<WebhookTarget> {
  const host = url.hostname;
  if (policy.allows(host)) return { kind: 'reachable', lookup: undefined };
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) !== 0) {
    const refusal = policy.refusalOfAddress(literal);
    return refusal === null
      ? { kind: 'reachable', lookup: undefined }
      : refused(`${literal} is ${refusal}`);
  }
  if (isLoopbackName(host)) return refused(`${host} is a loopback name`);
  const addresses = await resolve(host);
  if (addresses.length === 0) throw new Error(`${host} resolves to no address`);
  for (const { address } of addresses) {
    const refusal = policy.refusalOfAddress(address);
    if (refusal !== null) return refused(`${host} resolves to ${address}, which is ${refusal}`);
  }
  return { kind: 'reachable', lookup: pinnedLookup(addresses) };
}

function refused(why: string): WebhookTarget {
  return {
    kind: 'refused',
    reason: `refused: ${why}; webhooks reach public addresses only, unless MAILLAGE_WEBHOOK_ALLOW_HOSTS allows the host`,
  };
}

/**
 * A `lookup` for `http.request` that answers `addresses` whatever it is asked. Node asks for
 * every address (`all`) when it races IPv4 and IPv6 (`autoSelectFamily`), else for one.
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const matching = addresses.filter((candidate) => !family || candidate.family === family);
    if (options.all) {
      callback(null, matching);
      return;
    }
    const first = matching[0];
    if (first) callback(null, first.address, first.family);
    else
      callback(
        Object.assign(new Error('no pinned address of that family'), { code: 'ENOTFOUND' }),
        '',
      );
  };
}
