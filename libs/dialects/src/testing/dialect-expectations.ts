import type { DecodeResult, DialectIssue } from '../dialect';

/** The issues of a refused decoding (fails the test when it was accepted). */
export function issuesOf<T>(result: DecodeResult<T>): readonly DialectIssue[] {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.issues;
}

/** The value of an accepted decoding (fails the test, with the issues, when it was refused). */
export function valueOf<T>(result: DecodeResult<T>): T {
  if (!result.ok) throw new Error(`expected a decoded value, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** A copy of `value` with `changes` applied at top level (undefined removes a key). */
export function withChanges(
  value: unknown,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const [key, change] of Object.entries(changes)) {
    if (change === undefined) delete copy[key];
    else copy[key] = change;
  }
  return copy;
}
