import type { IssueSink } from './issue-sink';
import { pointerTo, pointerToUnknown } from './json-pointer';

/*
 * Hand-written readers for native payloads: each checks one field, reports what is wrong with a
 * JSON pointer to it, and returns the value or undefined. Only own properties are ever read, so a
 * payload's `__proto__`, `constructor` or a polluted Object.prototype can never stand in for a
 * field. Pointers are built only when an issue is reported: the happy path allocates little.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;
export type Presence = 'required' | 'optional';

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own property; undefined for an inherited one. */
export function field(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Reports every own key of `record` that `known` does not list. */
export function refuseUnknownFields(
  record: JsonRecord,
  known: ReadonlySet<string>,
  at: string,
  issues: IssueSink,
  context = '',
): void {
  for (const key in record) {
    if (!Object.hasOwn(record, key) || known.has(key)) continue;
    issues.add(
      pointerToUnknown(at, key),
      `no field ${JSON.stringify(key.slice(0, 100))} here${context}; known fields: ${[...known].join(', ')}`,
      'DIALECT.UNKNOWN_FIELD',
    );
    if (issues.full) return;
  }
}

/** What a string field must look like. */
export interface TextRule {
  /** A good value in plain words, used in issues, e.g. `an e-mail address`. */
  readonly expected: string;
  readonly maxLength: number;
  /** Whether a string with no visible character is acceptable (default: no). */
  readonly allowBlank?: boolean;
  /** Any further check (a pattern, a vocabulary). */
  readonly test?: (value: string) => boolean;
  /** The length is part of the format (an INSEE code, a UUID): too long is just the wrong format. */
  readonly fixedFormat?: boolean;
}

/** Absent means undefined or null: JSON producers differ on how they leave a field out. */
function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function readText(
  record: JsonRecord,
  key: string,
  at: string,
  rule: TextRule,
  issues: IssueSink,
  presence: Presence,
): string | undefined {
  const value = field(record, key);
  if (absent(value)) {
    if (presence === 'required') issues.add(pointerTo(at, key), rule.expected, 'DIALECT.REQUIRED');
    return undefined;
  }
  return checkText(value, pointerTo(at, key), rule, issues);
}

/** Checks a value already in hand (an array item, a form field) against a text rule. */
export function checkText(
  value: unknown,
  pointer: string,
  rule: TextRule,
  issues: IssueSink,
): string | undefined {
  if (typeof value !== 'string') {
    issues.add(pointer, `${rule.expected} (a string)`, 'DIALECT.TYPE');
    return undefined;
  }
  if (value.length > rule.maxLength) {
    if (rule.fixedFormat === true) issues.add(pointer, rule.expected, 'DIALECT.FORMAT');
    else
      issues.add(
        pointer,
        `${rule.expected}, at most ${rule.maxLength} characters`,
        'DIALECT.TOO_LONG',
      );
    return undefined;
  }
  if (rule.allowBlank !== true && !/\S/.test(value)) {
    issues.add(pointer, `${rule.expected} (not blank)`, 'DIALECT.FORMAT');
    return undefined;
  }
  if (rule.test !== undefined && !rule.test(value)) {
    issues.add(pointer, rule.expected, 'DIALECT.FORMAT');
    return undefined;
  }
  return value;
}

export function readBoolean(
  record: JsonRecord,
  key: string,
  at: string,
  issues: IssueSink,
): boolean | undefined {
  const value = field(record, key);
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') {
    issues.add(pointerTo(at, key), 'true or false', 'DIALECT.TYPE');
    return undefined;
  }
  return value;
}

/** A nested object; absent (undefined or null) gives undefined. */
export function readRecord(
  record: JsonRecord,
  key: string,
  at: string,
  expected: string,
  issues: IssueSink,
  presence: Presence,
): JsonRecord | undefined {
  const value = field(record, key);
  if (absent(value)) {
    if (presence === 'required') issues.add(pointerTo(at, key), expected, 'DIALECT.REQUIRED');
    return undefined;
  }
  if (!isRecord(value)) {
    issues.add(pointerTo(at, key), expected, 'DIALECT.TYPE');
    return undefined;
  }
  return value;
}

/** A list of at most `maxItems` items (not checked one by one here). */
export function readList(
  record: JsonRecord,
  key: string,
  at: string,
  expected: string,
  maxItems: number,
  issues: IssueSink,
): readonly unknown[] | undefined {
  const value = field(record, key);
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) {
    issues.add(pointerTo(at, key), expected, 'DIALECT.TYPE');
    return undefined;
  }
  if (value.length > maxItems) {
    issues.add(pointerTo(at, key), `${expected}, at most ${maxItems} items`, 'DIALECT.TOO_LONG');
    return undefined;
  }
  return value as readonly unknown[];
}

/** A decimal number written the plain way (form fields carry numbers as strings). */
const DECIMAL = /^[+-]?\d{1,3}(?:\.\d{1,15})?$/;

/**
 * A WGS 84 coordinate within ±`bound`. `acceptStrings` lets a decimal string stand for the number,
 * as a form parser yields it (`"47.69"`; no exponent, no spaces, no hex).
 */
export function readCoordinate(
  record: JsonRecord,
  key: string,
  at: string,
  bound: 90 | 180,
  issues: IssueSink,
  acceptStrings = false,
): number | undefined {
  const value = field(record, key);
  if (absent(value)) return undefined;
  const what = bound === 90 ? 'a latitude in decimal degrees' : 'a longitude in decimal degrees';
  let number: number;
  if (typeof value === 'number') {
    number = value;
  } else if (acceptStrings && typeof value === 'string' && DECIMAL.test(value)) {
    number = Number(value);
  } else {
    issues.add(
      pointerTo(at, key),
      acceptStrings ? `${what} (a number or a decimal string)` : `${what} (a number)`,
      'DIALECT.TYPE',
    );
    return undefined;
  }
  if (!Number.isFinite(number) || number < -bound || number > bound) {
    issues.add(
      pointerTo(at, key),
      `${what} between -${bound} and ${bound}`,
      'DIALECT.OUT_OF_RANGE',
    );
    return undefined;
  }
  // -0 would survive JSON as 0: normalise it so that a round trip keeps the same value.
  return number === 0 ? 0 : number;
}
