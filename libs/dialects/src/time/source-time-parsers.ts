import type { SourceTime } from '../dialect';
import type { DialectIssueCode } from '../dialect-issue-code';
import {
  FIRST_YEAR,
  LAST_YEAR,
  isCalendarValid,
  localToUtc,
  wallClockMillis,
  type LocalDateTime,
} from './local-date-time';
import { formatUtc } from './time-formatters';

/** A source time read from a native string, or why it could not be. */
export type ParsedTime =
  | { readonly ok: true; readonly time: SourceTime }
  | { readonly ok: false; readonly expected: string; readonly code: DialectIssueCode };

const FRENCH = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))?$/;

export const FRENCH_TIME_EXPECTED =
  'a local date and time JJ/MM/AAAA HH:mm or JJ/MM/AAAA HH:mm:ss, e.g. 29/11/2026 09:15';

/**
 * `JJ/MM/AAAA HH:mm[:ss]`, a wall-clock time in `timeZone` (no offset is ever written).
 */
export function parseFrenchLocalTime(raw: string, timeZone: string): ParsedTime {
  const match = raw.length <= 19 ? FRENCH.exec(raw) : null;
  if (!match) return { ok: false, expected: FRENCH_TIME_EXPECTED, code: 'DIALECT.FORMAT' };
  const local: LocalDateTime = {
    day: Number(match[1]),
    month: Number(match[2]),
    year: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: match[6] === undefined ? 0 : Number(match[6]),
    millisecond: 0,
  };
  return fromLocal(raw, local, timeZone);
}

/**
 * ISO 8601 / RFC 3339 `YYYY-MM-DDTHH:mm:ss[.fff]` followed by `Z` or `±hh:mm`; with
 * `offset: 'optional'`, a time without one is a wall-clock time in `timeZone`.
 */
export function parseIsoTime(
  raw: string,
  timeZone: string,
  offset: 'required' | 'optional',
): ParsedTime {
  const expected =
    offset === 'required'
      ? 'an ISO 8601 date-time with a time zone, e.g. 2026-11-29T09:15:00+01:00 or 2026-11-29T08:15:00Z'
      : 'an ISO 8601 date-time, e.g. 2026-11-29T08:15:00Z, 2026-11-29T09:15:00+01:00 or 2026-11-29T09:15:00 (local time)';
  const match = raw.length <= 40 ? ISO.exec(raw) : null;
  if (!match) return { ok: false, expected, code: 'DIALECT.FORMAT' };
  const local: LocalDateTime = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    millisecond: match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0')),
  };
  const zone = match[8];
  if (zone === undefined) {
    if (offset === 'required') return { ok: false, expected, code: 'DIALECT.FORMAT' };
    return fromLocal(raw, local, timeZone);
  }
  if (!isCalendarValid(local)) return impossibleDate();
  if (zone === 'Z') return { ok: true, time: { utc: formatUtc(wallClockMillis(local)), raw } };
  const hours = Number(match[10]);
  const minutes = Number(match[11]);
  if (hours > 23 || minutes > 59) {
    return {
      ok: false,
      expected: 'a UTC offset between -23:59 and +23:59',
      code: 'DIALECT.FORMAT',
    };
  }
  const sign = match[9] === '-' ? -1 : 1;
  const utc = wallClockMillis(local) - sign * (hours * 60 + minutes) * 60_000;
  return { ok: true, time: { utc: formatUtc(utc), raw } };
}

function fromLocal(raw: string, local: LocalDateTime, timeZone: string): ParsedTime {
  if (!isCalendarValid(local)) return impossibleDate();
  const instant = localToUtc(local, timeZone);
  switch (instant.kind) {
    case 'instant':
      return { ok: true, time: { utc: formatUtc(instant.utc), raw } };
    case 'gap':
      return {
        ok: false,
        expected: `a local time that exists in ${timeZone}: ${raw} falls in the hour skipped when clocks go forward`,
        code: 'DIALECT.NONEXISTENT_TIME',
      };
    case 'unknown-zone':
      return {
        ok: false,
        expected: `a date-time with an explicit offset: the connector's time zone ${JSON.stringify(timeZone)} is not a known IANA time zone`,
        code: 'DIALECT.NONEXISTENT_TIME',
      };
  }
}

function impossibleDate(): ParsedTime {
  return {
    ok: false,
    expected: `a date and time that exist (no 31/02, no 24:00), in the years ${FIRST_YEAR} to ${LAST_YEAR}`,
    code: 'DIALECT.FORMAT',
  };
}
