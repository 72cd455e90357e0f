import { ERASED } from '../crypto/erased-personal';

/** Values shorter than this are not looked for: a one-letter name would blank out every text. */
const SHORTEST_VALUE = 3;

/**
 * A message body (JSON, as sent) with every occurrence of one of `values` replaced by `[effacé]`
 * — case-insensitively, inside any string of the document, keys included — or null when it
 * holds none. A body that is not JSON is treated as text. Works for any dialect: it needs to know
 * the values, not the field names.
 */
export function redactMessageBody(body: string, values: readonly string[]): string | null {
  const patterns = values
    .map((value) => value.trim())
    .filter((value) => value.length >= SHORTEST_VALUE && value !== ERASED)
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (patterns.length === 0) return null;
  const pattern = new RegExp(patterns.join('|'), 'giu');
  const redact = (text: string): string => text.replace(pattern, ERASED);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const redacted = redact(body);
    return redacted === body ? null : redacted;
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, member]) => [
          redact(key),
          walk(member),
        ]),
      );
    }
    return value;
  };
  const redacted = JSON.stringify(walk(parsed));
  return redacted === JSON.stringify(parsed) ? null : redacted;
}
