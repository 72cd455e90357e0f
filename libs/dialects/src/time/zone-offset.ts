/*
 * UTC offsets of IANA time zones from the runtime's own tz database (Intl.DateTimeFormat), with no
 * dependency. `formatToParts` costs a few microseconds, so offsets are cached per zone and per UTC
 * hour: an hour whose first and last second have the same offset has that offset throughout,
 * because no zone ever changed its offset and back again within one hour. An hour that holds a
 * transition is not cached as a whole; its instants are computed exactly.
 */

const HOUR = 3_600_000;
/** Hours cached per zone before the cache starts over (about 170 days' worth). */
const MAX_CACHED_HOURS = 4096;
/** Zones come from configuration, so few; the bound only guards against a misuse. */
const MAX_ZONES = 64;
const MIXED = Number.NaN;

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const hourlyOffsets = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      formatter = null;
    }
    if (formatters.size < MAX_ZONES) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows `timeZone` (an IANA name such as `Europe/Paris`). */
export function isKnownTimeZone(timeZone: string): boolean {
  return typeof timeZone === 'string' && formatterFor(timeZone) !== null;
}

function exactOffset(formatter: Intl.DateTimeFormat, instant: number): number {
  const second = Math.floor(instant / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let secondOfMinute = 0;
  for (const part of formatter.formatToParts(second)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        secondOfMinute = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(year, month - 1, day);
  wallClock.setUTCHours(hour, minute, secondOfMinute, 0);
  return wallClock.getTime() - second;
}

/**
 * The offset (local − UTC, in milliseconds) of `timeZone` at `instant`, or null when the zone is
 * unknown to the runtime.
 */
export function offsetAt(timeZone: string, instant: number): number | null {
  const formatter = formatterFor(timeZone);
  if (formatter === null) return null;
  let hours = hourlyOffsets.get(timeZone);
  if (hours === undefined) {
    hours = new Map();
    if (hourlyOffsets.size < MAX_ZONES) hourlyOffsets.set(timeZone, hours);
  }
  const hour = Math.floor(instant / HOUR);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = exactOffset(formatter, hour * HOUR);
    const last = exactOffset(formatter, hour * HOUR + HOUR - 1000);
    offset = first === last ? first : MIXED;
    if (hours.size >= MAX_CACHED_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffset(formatter, instant) : offset;
}
