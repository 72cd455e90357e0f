import { isAuthorityId, SERVICE_REQUEST_EVENT_TYPES } from '@maillage/domain';
import { HISTORY_FORMATS, type HistoryFormat } from '../replay/history-format';
import type { HistoryFilter } from '../replay/history-filter';
import { AuditProblemException } from './audit-problem.exception';

type Query = Readonly<Record<string, string | string[] | undefined>>;

/** A query parameter given once (a repeated one is refused: which one would count?). */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw AuditProblemException.invalid(name, 'expected once');
  return value === '' ? undefined : value;
}

/** An ISO 8601 date-time with a time zone, normalised to the hub's `recordedAt` form. */
export function parseInstant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    throw AuditProblemException.invalid(
      name,
      'expected an ISO 8601 date-time with a time zone (e.g. 2026-11-30T09:00:00Z)',
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw AuditProblemException.invalid(name, 'not a valid date-time');
  return date.toISOString();
}

export function requireInstant(name: string, value: string | undefined): string {
  const instant = parseInstant(name, value);
  if (instant === undefined) throw AuditProblemException.invalid(name, 'required');
  return instant;
}

export function parseAuthority(value: string): string {
  if (!isAuthorityId(value)) {
    throw AuditProblemException.invalid(
      'authority',
      'expected an authority id such as commune:45155, epci:244500211 or departement:45',
    );
  }
  return value;
}

export function parseRequestId(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(value)) {
    throw AuditProblemException.invalid('id', 'expected a request id');
  }
  return value;
}

/** `from`, `to`, `type` (comma-separated or repeated), `category` of a history query. */
export function parseHistoryFilter(query: Query): HistoryFilter {
  const from = parseInstant('from', single(query, 'from'));
  const to = parseInstant('to', single(query, 'to'));
  if (from !== undefined && to !== undefined && from > to) {
    throw AuditProblemException.invalid('to', 'must not be before from');
  }
  const rawTypes = query['type'];
  const types = (Array.isArray(rawTypes) ? rawTypes : rawTypes ? [rawTypes] : [])
    .flatMap((value) => value.split(','))
    .filter(Boolean);
  for (const type of types) {
    if (!(SERVICE_REQUEST_EVENT_TYPES as readonly string[]).includes(type)) {
      throw AuditProblemException.invalid(
        'type',
        `${type}: expected one of ${SERVICE_REQUEST_EVENT_TYPES.join(', ')}`,
      );
    }
  }
  const category = single(query, 'category');
  return {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(types.length > 0 ? { types } : {}),
    ...(category !== undefined ? { category } : {}),
  };
}

/** `format=ndjson|csv` (default ndjson). */
export function parseFormat(query: Query): HistoryFormat {
  const format = single(query, 'format') ?? 'ndjson';
  if (!(HISTORY_FORMATS as readonly string[]).includes(format)) {
    throw AuditProblemException.invalid('format', `expected one of ${HISTORY_FORMATS.join(', ')}`);
  }
  return format as HistoryFormat;
}

/**
 * `page` (from 1, default 1) and `pageSize` (default 20) of a JSON list; a `pageSize` above
 * `maxPageSize` (MAILLAGE_MAX_PAGE_SIZE) is brought down to it, as on the canonical list.
 */
export function parsePage(query: Query, maxPageSize: number): { page: number; pageSize: number } {
  const positive = (name: string, fallback: number, max: number): number => {
    const raw = single(query, name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) {
      throw AuditProblemException.invalid(name, `expected an integer from 1 to ${max}`);
    }
    return Math.min(Number(raw), max);
  };
  const page = positive('page', 1, 1_000_000);
  return { page, pageSize: positive('pageSize', Math.min(20, maxPageSize), maxPageSize) };
}
