import type { CanonicalStatus, RawStatus } from '@maillage/domain';
import type { DialectId, EncodeContext } from '../dialect';
import type { StatusEntry, Vocabulary } from '../vocabulary/vocabulary';

/** A status as a tool names it. */
export interface NativeStatus {
  readonly code: string;
  readonly label: string;
}

/**
 * The status to show a tool. The event's raw status wins when it is this dialect's own (so a tool
 * sees its own vocabulary back, `PROG` rather than the generic `INSTR`): the producer was of this
 * dialect (or is unknown), and the code means the same canonical status here. Otherwise the
 * vocabulary's outbound table decides.
 */
export function nativeStatus(
  vocabulary: Vocabulary,
  dialect: DialectId,
  status: CanonicalStatus,
  closing: boolean,
  raw: RawStatus | null,
  context: EncodeContext,
): NativeStatus {
  if (raw !== null && (context.eventDialect == null || context.eventDialect === dialect)) {
    const own = vocabulary.statusOf(raw.code);
    if (own !== undefined && own.canonical === status && own.closes === closing) {
      return { code: own.code, label: /\S/.test(raw.label) ? raw.label : own.label };
    }
  }
  const entry: StatusEntry = closing
    ? vocabulary.closingStatusFor(status as 'resolved' | 'rejected' | 'closed_without_action')
    : vocabulary.statusFor(status);
  return { code: entry.code, label: entry.label };
}
