import { offsetAt } from './zone-offset';

const DAY = 86_400_000;

/** A wall-clock date and time, without a zone (what a tool writes as `29/11/2026 09:15`). */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** Years a source time may fall in; outside, a date is a typo (and would not print as `YYYY`). */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the fields name a real calendar date and time (no 31/02, no 24:00, no :60). */
export function isCalendarValid(local: LocalDateTime): boolean {
  return (
    local.year >= FIRST_YEAR &&
    local.year <= LAST_YEAR &&
    local.month >= 1 &&
    local.month <= 12 &&
    local.day >= 1 &&
    local.day <= daysInMonth(local.year, local.month) &&
    local.hour <= 23 &&
    local.minute <= 59 &&
    local.second <= 59
  );
}

/** The fields read as if they were UTC, in milliseconds. */
export function wallClockMillis(local: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, local.second, local.millisecond);
  return date.getTime();
}

export type ZonedInstant =
  | { readonly kind: 'instant'; readonly utc: number }
  /** The local time was skipped when clocks went forward: it never happened. */
  | { readonly kind: 'gap' }
  | { readonly kind: 'unknown-zone' };

/**
 * The instant a wall-clock time in `timeZone` stands for. A time repeated when clocks go back is
 * read as its first occurrence (still summer time), like Temporal's `compatible` disambiguation;
 * a skipped time is reported, never shifted. Assumes at most one offset change within a day
 * either side, true of every zone in use.
 */
export function localToUtc(local: LocalDateTime, timeZone: string): ZonedInstant {
  const wallClock = wallClockMillis(local);
  const before = offsetAt(timeZone, wallClock - DAY);
  const after = offsetAt(timeZone, wallClock + DAY);
  if (before === null || after === null) return { kind: 'unknown-zone' };
  const withBefore = wallClock - before;
  if (offsetAt(timeZone, withBefore) === before) return { kind: 'instant', utc: withBefore };
  const withAfter = wallClock - after;
  if (offsetAt(timeZone, withAfter) === after) return { kind: 'instant', utc: withAfter };
  return { kind: 'gap' };
}

/** The wall-clock time in `timeZone` at `instant`, and the offset in force; null for a bad zone. */
export function utcToLocal(
  instant: number,
  timeZone: string,
): { readonly local: LocalDateTime; readonly offset: number } | null {
  const offset = offsetAt(timeZone, instant);
  if (offset === null) return null;
  const shifted = new Date(instant + offset);
  return {
    offset,
    local: {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      millisecond: shifted.getUTCMilliseconds(),
    },
  };
}
