import { isAuthorityId } from '@maillage/domain';

/**
 * What the hub accepts in canonical input (the domain's invariants and the HTTP DTOs in
 * libs/http-api/src/requests/dto). Decoders enforce these limits, or stricter ones, so that a
 * decoded command never fails validation later, whatever the entry point. Lengths count UTF-16
 * code units, which is never less than what the DTOs or a JSON Schema `maxLength` count.
 */
export const HUB_LIMITS = {
  externalId: 200,
  description: 10_000,
  address: 500,
  citizenName: 200,
  email: 254,
  url: 2000,
  attachmentName: 255,
  attachments: 20,
  mediaType: 255,
  note: 2000,
  comment: 5000,
  reason: 2000,
  rawCode: 100,
  rawLabel: 300,
} as const;

const NON_BLANK = /\S/;
/** Printable ASCII without spaces, as the DTOs require of `externalId` and `externalReference`. */
const PRINTABLE_ID = /^[\x21-\x7e]+$/;
/** Hub ids are lowercase canonical UUIDs (stream names are case-sensitive). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Same as the citizen DTO's phone rule. */
const PHONE = /^\+?[0-9 ().-]{6,30}$/;
/** Same as the domain's attachment rule: `type/subtype`, without parameters. */
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
/**
 * A deliberately plain address: dot-atoms on the left, a host name with an alphabetic top-level
 * domain on the right. Everything it accepts is also accepted by class-validator's `IsEmail` and
 * by the JSON Schema `email` format, which is what matters here (quoted local parts are refused).
 */
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** `http(s)://host[:port]` then an optional path, query and fragment (parsed further below). */
const HTTP_URL = /^https?:\/\/([A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:[/?#][^]*)?)$/i;
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const ALL_DIGITS = /^\d+$/;
/** RFC 3986 path, query and fragment characters (percent-encoding included), one `#` at most. */
const URL_TAIL =
  /^(?:[/?](?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;

export function isNonBlank(value: string): boolean {
  return NON_BLANK.test(value);
}

/** An id a tool gives (external id, acknowledgement reference): printable ASCII, no spaces. */
export function isPrintableId(value: string): boolean {
  return value.length <= HUB_LIMITS.externalId && PRINTABLE_ID.test(value);
}

export function isRequestId(value: string): boolean {
  return value.length === 36 && REQUEST_ID.test(value);
}

/**
 * An INSEE commune code (5 digits, or 2A/2B + 3 digits). Checked with the domain's own authority
 * pattern, whose `commune:` branch is exactly the INSEE code, so the two can never disagree.
 */
export function isInseeCode(value: string): boolean {
  return value.length === 5 && isAuthorityId(`commune:${value}`);
}

export function isPhone(value: string): boolean {
  return PHONE.test(value);
}

export function isMediaType(value: string): boolean {
  return value.length <= HUB_LIMITS.mediaType && MEDIA_TYPE.test(value);
}

export function isEmail(value: string): boolean {
  if (value.length > HUB_LIMITS.email || !EMAIL.test(value)) return false;
  return value.indexOf('@') <= 64;
}

/**
 * An absolute `http`/`https` URL with a host name or an IPv4 address, no credentials, and only
 * RFC 3986 characters after the host. Stricter than the DTO's `IsUrl` and the domain's URI rule.
 */
export function isHttpUrl(value: string): boolean {
  if (value.length > HUB_LIMITS.url) return false;
  const match = HTTP_URL.exec(value);
  if (!match) return false;
  const [, host = '', port, tail = ''] = match;
  if (port !== undefined) {
    const number = Number(port);
    if (number < 1 || number > 65_535) return false;
  }
  if (!IPV4.test(host)) {
    if (!DOMAIN.test(host)) return false;
    const lastLabel = host.slice(host.lastIndexOf('.') + 1);
    if (ALL_DIGITS.test(lastLabel)) return false;
  }
  return URL_TAIL.test(tail);
}
