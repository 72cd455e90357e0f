import type { DecodeResult } from '../dialect';
import type { DialectIssueCode } from '../dialect-issue-code';
import type { IssueSink } from './issue-sink';

/** A refused payload with the issues found (never an empty list). */
export function refusal<T>(issues: IssueSink): DecodeResult<T> {
  if (issues.empty) {
    issues.add(
      '',
      'a payload this decoder can read (it gave no reason: please report it)',
      'DIALECT.UNREADABLE',
    );
  }
  return { ok: false, issues: issues.issues };
}

/** A payload refused for one reason. */
export function refusedWith<T>(
  pointer: string,
  expected: string,
  code: DialectIssueCode,
): DecodeResult<T> {
  return { ok: false, issues: [{ pointer, expected, code }] };
}
