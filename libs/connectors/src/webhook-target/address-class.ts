import { isIPv4, isIPv6 } from 'node:net';

/** What an IP address reaches, as far as a webhook is concerned. Only `public` may be called. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'shared'
  | 'multicast'
  | 'reserved';

interface Range {
  readonly first: bigint;
  readonly bits: number;
  readonly width: 32 | 128;
  readonly class: Exclude<AddressClass, 'public'>;
  /** What the range is, for the refusal's reason. */
  readonly name: string;
}

const IPV4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified', 'this network, 0.0.0.0/8 (Linux connects it to the host itself)'),
  v4('10.0.0.0', 8, 'private', 'RFC 1918'),
  v4('100.64.0.0', 10, 'shared', 'carrier-grade NAT, 100.64.0.0/10'),
  v4('127.0.0.0', 8, 'loopback', '127.0.0.0/8'),
  v4('169.254.0.0', 16, 'link-local', '169.254.0.0/16, where cloud metadata services answer'),
  v4('172.16.0.0', 12, 'private', 'RFC 1918'),
  v4('192.0.0.0', 24, 'reserved', 'IETF protocol assignments, 192.0.0.0/24'),
  v4('192.0.2.0', 24, 'reserved', 'documentation, 192.0.2.0/24'),
  v4('192.168.0.0', 16, 'private', 'RFC 1918'),
  v4('198.18.0.0', 15, 'reserved', 'benchmarking, 198.18.0.0/15'),
  v4('198.51.100.0', 24, 'reserved', 'documentation, 198.51.100.0/24'),
  v4('203.0.113.0', 24, 'reserved', 'documentation, 203.0.113.0/24'),
  v4('224.0.0.0', 4, 'multicast', '224.0.0.0/4'),
  v4('240.0.0.0', 4, 'reserved', '240.0.0.0/4 and the broadcast address'),
];

const IPV6_RANGES: readonly Range[] = [
  v6('::', 128, 'unspecified', '::'),
  v6('::1', 128, 'loopback', '::1'),
  v6('64:ff9b:1::', 48, 'private', 'local-use NAT64, 64:ff9b:1::/48'),
  v6('100::', 64, 'reserved', 'discard-only, 100::/64'),
  v6('2001:db8::', 32, 'reserved', 'documentation, 2001:db8::/32'),
  v6('fc00::', 7, 'private', 'unique local, fc00::/7'),
  v6('fe80::', 10, 'link-local', 'fe80::/10'),
  v6('fec0::', 10, 'private', 'site-local, fec0::/10'),
  v6('ff00::', 8, 'multicast', 'ff00::/8'),
];

/**
 * IPv6 prefixes that carry an IPv4 address in their low bits (or, for 6to4, right after the
 * prefix): such an address is judged by the IPv4 address it carries, so that `::ffff:127.0.0.1`
 * is loopback like `127.0.0.1`. The deprecated IPv4-compatible form is never public.
 */
const EMBEDDING_IPV4: readonly {
  readonly range: Range;
  readonly shift: bigint;
  readonly mayBePublic: boolean;
}[] = [
  { range: v6('::ffff:0:0', 96, 'reserved', 'IPv4-mapped IPv6'), shift: 0n, mayBePublic: true },
  { range: v6('::', 96, 'reserved', 'IPv4-compatible IPv6'), shift: 0n, mayBePublic: false },
  { range: v6('64:ff9b::', 96, 'reserved', 'NAT64'), shift: 0n, mayBePublic: true },
  { range: v6('2002::', 16, 'reserved', '6to4'), shift: 80n, mayBePublic: true },
];

/** An address's class and, when it is not public, why (e.g. `private (RFC 1918)`). */
export interface AddressVerdict {
  readonly class: AddressClass;
  readonly reason: string | null;
}

/**
 * Classifies an IP address in its text form (IPv4 dotted decimal, IPv6 with or without an
 * embedded IPv4 and a zone); anything else is `reserved`, never `public`. Names, and the
 * decimal or octal IPv4 forms some resolvers accept, must be turned into an address first (the
 * WHATWG URL parser already normalises `http://2130706433/` and `http://0177.0.0.1/` to
 * `127.0.0.1`).
 */
export function classifyAddress(address: string): AddressVerdict {
  if (isIPv4(address)) return verdictOf(ipv4Value(address), IPV4_RANGES, 32);
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!isIPv6(bare)) return { class: 'reserved', reason: 'not an IP address' };
  const value = ipv6Value(bare);
  // Exact ::, ::1 first: they are also in the IPv4-compatible prefix.
  if (value <= 1n) return verdictOf(value, IPV6_RANGES, 128);
  for (const { range, shift, mayBePublic } of EMBEDDING_IPV4) {
    if (!inRange(value, range)) continue;
    const inner = verdictOf((value >> shift) & 0xffff_ffffn, IPV4_RANGES, 32);
    if (inner.class !== 'public') {
      return { class: inner.class, reason: `${inner.reason}, through ${range.name}` };
    }
    return mayBePublic ? inner : { class: 'reserved', reason: `reserved (${range.name})` };
  }
  return verdictOf(value, IPV6_RANGES, 128);
}

function verdictOf(value: bigint, ranges: readonly Range[], width: 32 | 128): AddressVerdict {
  const range = ranges.find((candidate) => candidate.width === width && inRange(value, candidate));
  return range
    ? { class: range.class, reason: `${range.class} (${range.name})` }
    : { class: 'public', reason: null };
}

function inRange(value: bigint, range: Range): boolean {
  const hostBits = BigInt(range.width - range.bits);
  return value >> hostBits === range.first >> hostBits;
}

function v4(address: string, bits: number, kind: Range['class'], name: string): Range {
  return { first: ipv4Value(address), bits, width: 32, class: kind, name };
}

function v6(address: string, bits: number, kind: Range['class'], name: string): Range {
  return { first: ipv6Value(address), bits, width: 128, class: kind, name };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

/** A valid IPv6 address (checked by `isIPv6`) as a 128-bit number. */
function ipv6Value(address: string): bigint {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const tail = ipv4Value(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
