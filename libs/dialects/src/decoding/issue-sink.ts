import type { DialectIssue } from '../dialect';
import type { DialectIssueCode } from '../dialect-issue-code';

/**
 * Collects the issues of one decoding. Capped, so that a payload with a million unknown keys gets
 * a readable answer (and costs no more than the first few) rather than a million-line one.
 */
export class IssueSink {
  static readonly MAX_ISSUES = 20;
  readonly issues: DialectIssue[] = [];

  add(pointer: string, expected: string, code: DialectIssueCode): void {
    if (this.issues.length < IssueSink.MAX_ISSUES) this.issues.push({ pointer, expected, code });
  }

  get empty(): boolean {
    return this.issues.length === 0;
  }

  get full(): boolean {
    return this.issues.length >= IssueSink.MAX_ISSUES;
  }
}
