import type { RawStatus } from '@maillage/domain';
import type { DecodedUpdate } from '../dialect';
import type { StatusEntry, Vocabulary } from '../vocabulary/vocabulary';

/**
 * The native status a tool would have sent for a decoded status change or close: its raw code
 * when the vocabulary knows it with the same meaning, else the vocabulary's own choice.
 */
export function inboundStatus(
  vocabulary: Vocabulary,
  update: Extract<DecodedUpdate, { kind: 'status' | 'close' }>,
): StatusEntry {
  const raw: RawStatus | null = update.raw;
  const closes = update.kind === 'close';
  const canonical = update.kind === 'close' ? update.outcome : update.to;
  const own = raw === null ? undefined : vocabulary.statusOf(raw.code);
  if (own !== undefined && own.canonical === canonical && own.closes === closes) return own;
  return update.kind === 'close'
    ? vocabulary.closingStatusFor(update.outcome)
    : vocabulary.statusFor(update.to);
}
