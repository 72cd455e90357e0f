import type { DecodedFiling, DecodedUpdate, DialectContext } from './dialect';

/**
 * The inverse of decoding: a canonical filing or update rendered as the native message a tool of
 * the dialect would send. For simulators, fixtures and round-trip tests; the hub itself never
 * sends these. A value the dialect cannot carry is left out (Open311 has no filing time), and a
 * canonical code with no native one is passed through unchanged (decoding will then refuse it).
 */
export interface InboundEncoder {
  encodeFiling(filing: DecodedFiling, context: DialectContext): Record<string, unknown>;
  /** Null when the dialect has no message for such an update (Open311 has no updates at all). */
  encodeUpdate(update: DecodedUpdate, context: DialectContext): Record<string, unknown> | null;
}
