import { isAuthorityId, type AuthorityId } from '../authority/authority-id';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../events/event-metadata';
import type { RuleReference } from '../request/rule-reference';
import type { RawStatus } from '../status/raw-status';

/*
 * Invariants of command input that the type system cannot hold (or that untyped edges may break:
 * commands are built from JSON). Each check throws REQUEST.INVALID naming the field at fault.
 * They are the domain's side of the canonical event schemas in schemas/events: whatever passes
 * here must validate there, and the shared patterns below are written identically in
 * common.v1.schema.json.
 */

/** Lowercase canonical UUID: stream names are case-sensitive, so one spelling only. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** RFC 3339 date-time with a mandatory time zone (calendar ranges checked in `isTimestamp`). */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function invalid(field: string, reason: string): DomainError {
  return new DomainError('REQUEST.INVALID', `${field} ${reason}`, field);
}

/** A string with at least one non-whitespace character. */
export function requireNonBlank(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !/\S/.test(value)) {
    throw invalid(field, 'must be a non-blank string');
  }
}

/** Any string, empty included. */
export function requireString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
}

/** Null, or a string (free text such as a note). */
export function requireNullableString(
  value: unknown,
  field: string,
): asserts value is string | null {
  if (value !== null && typeof value !== 'string') throw invalid(field, 'must be a string or null');
}

export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw invalid(field, `must be one of ${allowed.join(', ')}`);
  }
}

export function requireUuid(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw invalid(field, 'must be a lowercase UUID');
  }
}

export function requireTimestamp(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !isTimestamp(value)) {
    throw invalid(
      field,
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-29T09:15:00+01:00',
    );
  }
}

export function requireAuthorityId(value: unknown, field: string): asserts value is AuthorityId {
  if (!isAuthorityId(value)) {
    throw invalid(
      field,
      'must be an authority id like commune:45155, epci:244500211 or departement:45',
    );
  }
}

/** A non-empty list of distinct authority ids. */
export function requireAuthorityIds(
  values: unknown,
  field: string,
): asserts values is AuthorityId[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw invalid(field, 'must list at least one authority');
  }
  values.forEach((value, index) => requireAuthorityId(value, `${field}[${index}]`));
  if (new Set(values).size !== values.length) {
    throw invalid(field, 'must not list an authority twice');
  }
}

export function requireRuleReference(
  value: unknown,
  field: string,
): asserts value is RuleReference {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'must be an object');
  const rule = value as Partial<Record<keyof RuleReference, unknown>>;
  requireNonBlank(rule.id, `${field}.id`);
  requireNonBlank(rule.version, `${field}.version`);
}

/** The code identifies the raw status; a tool may have no label for it. */
export function requireRawStatus(value: unknown, field: string): asserts value is RawStatus {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'must be an object');
  const raw = value as Partial<Record<keyof RawStatus, unknown>>;
  requireNonBlank(raw.code, `${field}.code`);
  requireString(raw.label, `${field}.label`);
}

/** Who acts: a well-formed authority, and a connector id or null. */
export function requireActor(value: unknown): asserts value is Actor {
  if (typeof value !== 'object' || value === null) throw invalid('actor', 'must be an object');
  const actor = value as Partial<Record<keyof Actor, unknown>>;
  requireAuthorityId(actor.authority, 'actor.authority');
  const connector = actor.connector ?? null;
  if (connector !== null) requireNonBlank(connector, 'actor.connector');
}

/** Checks what a regular expression cannot: month lengths, leap years, hour and offset ranges. */
function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    offsetHours = 0,
    offsetMinutes = 0,
  ] = match.slice(1).map((part) => Number(part ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
