import { isIP } from 'node:net';
import { classifyAddress } from './address-class';

/**
 * Which hosts the hub may POST webhooks to: only public addresses, so that whoever sets a
 * connector's URL cannot make the hub call its own loopback, the private network behind it or a
 * cloud metadata service (server-side request forgery) — unless an operator allows the host
 * (`MAILLAGE_WEBHOOK_ALLOW_HOSTS`, e.g. 127.0.0.1 for tests).
 *
 * Checked twice: at registration, on the URL's host alone (an IP literal, in whatever form the
 * WHATWG URL parser normalised, or a name that is loopback by definition), and at each connection
 * on every address the name resolves to — what a name resolves to can change after registration.
 */
export class WebhookTargetPolicy {
  private readonly allowed: ReadonlySet<string>;

  /** `allowHosts`: hostnames or IP addresses, as a URL's `hostname` gives them (IPv6 in brackets). */
  constructor(allowHosts: readonly string[] = []) {
    this.allowed = new Set(allowHosts.map(comparable));
  }

  /** Whether an operator allowed this host (a URL's `hostname`): it is then not checked at all. */
  allows(hostname: string): boolean {
    return this.allowed.has(comparable(hostname));
  }

  /** Why a URL may not be registered, judging by its host alone; null when it may. */
  refusalOfUrl(url: URL): string | null {
    const host = url.hostname;
    if (this.allows(host)) return null;
    if (isLoopbackName(host)) return `${host} is a loopback name`;
    const address = host.replace(/^\[(.*)\]$/, '$1');
    if (isIP(address) === 0) return null;
    const refusal = this.refusalOfAddress(address);
    return refusal === null ? null : `${address} is ${refusal}`;
  }

  /**
   * Why the hub may not connect to an address (a literal, or what a name resolved to), e.g.
   * `private (RFC 1918)`; null when it may.
   */
  refusalOfAddress(address: string): string | null {
    return classifyAddress(address).reason;
  }
}

/** `localhost` and every name under it (RFC 6761): loopback whatever a resolver says. */
export function isLoopbackName(hostname: string): boolean {
  const name = comparable(hostname);
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Lower case, without the root's trailing dot (`localhost.` is `localhost`). */
function comparable(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}
