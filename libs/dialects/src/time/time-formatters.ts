import { utcToLocal, type LocalDateTime } from './local-date-time';

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function three(value: number): string {
  return value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value);
}

function four(value: number): string {
  return value < 1000 ? String(value).padStart(4, '0') : String(value);
}

/** ISO 8601 in UTC, `2026-11-29T08:15:00Z` (milliseconds only when there are some). */
export function formatUtc(instant: number): string {
  const text = new Date(instant).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, 19)}Z` : text;
}

function localOrThrow(instant: number, timeZone: string) {
  const zoned = utcToLocal(instant, timeZone);
  // A configuration error (the connector's zone), not bad input: connectors check zones at boot.
  if (zoned === null) throw new RangeError(`Unknown time zone ${JSON.stringify(timeZone)}`);
  return zoned;
}

function clock(local: LocalDateTime): string {
  return `${two(local.hour)}:${two(local.minute)}`;
}

/**
 * `JJ/MM/AAAA HH:mm` in `timeZone`, with `:ss` only when the seconds are not zero.
 * @throws RangeError when the time zone is unknown (check it at boot with `isKnownTimeZone`).
 */
export function formatFrenchLocal(instant: number, timeZone: string): string {
  const { local } = localOrThrow(instant, timeZone);
  const date = `${two(local.day)}/${two(local.month)}/${four(local.year)} ${clock(local)}`;
  return local.second === 0 ? date : `${date}:${two(local.second)}`;
}

/**
 * ISO 8601 with the offset in force in `timeZone`, e.g. `2026-11-29T09:15:00+01:00`.
 * @throws RangeError when the time zone is unknown (check it at boot with `isKnownTimeZone`).
 */
export function formatIsoWithOffset(instant: number, timeZone: string): string {
  const { local, offset } = localOrThrow(instant, timeZone);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const fraction = local.millisecond === 0 ? '' : `.${three(local.millisecond)}`;
  return (
    `${four(local.year)}-${two(local.month)}-${two(local.day)}T${clock(local)}:${two(local.second)}` +
    `${fraction}${sign}${two(Math.floor(absolute / 60))}:${two(absolute % 60)}`
  );
}

/** `2026-11-29T09:15:00` in `timeZone`, without an offset (a tool's legacy local time). */
export function formatIsoLocal(instant: number, timeZone: string): string {
  const { local } = localOrThrow(instant, timeZone);
  const fraction = local.millisecond === 0 ? '' : `.${three(local.millisecond)}`;
  return `${four(local.year)}-${two(local.month)}-${two(local.day)}T${clock(local)}:${two(local.second)}${fraction}`;
}
