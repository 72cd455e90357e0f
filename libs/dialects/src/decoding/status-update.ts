import type { CloseOutcome, RawStatus } from '@maillage/domain';
import type { DecodedUpdate, RequestReference, SourceTime } from '../dialect';
import type { StatusEntry, Vocabulary } from '../vocabulary/vocabulary';
import type { IssueSink } from './issue-sink';

/**
 * The status a native code stands for, if an update may set it: statuses that only routing or an
 * acknowledgement reach (`routed`, `acknowledged`) are refused, since a status change to them
 * could never be legal.
 */
export function settableStatus(
  vocabulary: Vocabulary,
  code: string,
  pointer: string,
  issues: IssueSink,
  acknowledgement: string,
): StatusEntry | undefined {
  const entry = vocabulary.statusOf(code);
  const settable = `one of ${vocabulary.settableStatusCodes.join(', ')}`;
  if (entry === undefined) {
    issues.add(pointer, `a status of the vocabulary: ${settable}`, 'DIALECT.UNKNOWN_VALUE');
    return undefined;
  }
  if (!vocabulary.settableStatusCodes.includes(code)) {
    issues.add(
      pointer,
      `a status an update can set (${settable}); ${code} is reached by routing or by ${acknowledgement}`,
      'DIALECT.UNKNOWN_VALUE',
    );
    return undefined;
  }
  return entry;
}

/** A native status change as one canonical command: a close when the status closes. */
export function statusUpdate(
  request: RequestReference,
  occurredAt: SourceTime | null,
  entry: StatusEntry,
  label: string,
  note: string | null,
): DecodedUpdate {
  const raw: RawStatus = { code: entry.code, label };
  if (entry.closes) {
    const outcome = entry.canonical as CloseOutcome;
    return { kind: 'close', request, occurredAt, outcome, raw, note };
  }
  return { kind: 'status', request, occurredAt, to: entry.canonical, raw, note };
}
