import { escapeLiteral } from 'pg';

import type { StoredLogSelection } from '../stored-log.port';

/** Column order of the binary COPY: three fixed-size binary values, then the eight text fields. */
const STORED_LOG_COLUMNS =
  'position, revision, recorded_at, stream_id, event_id, type, data, personal, metadata, hash, previous_hash';

/**
 * `COPY (SELECT ...) TO STDOUT (FORMAT binary)` of the selected events. COPY takes no bind
 * parameters, so every value is spliced as a literal: integers checked, instants written by
 * `toISOString`, strings through `escapeLiteral`. Periods compare whole milliseconds, as the
 * generic replay compares `toISOString()` strings: `recorded_at` (microseconds) is at or before
 * `to` in milliseconds exactly when it is before `to + 1 ms`.
 */
export function storedLogCopySql(s: string, selection: StoredLogSelection): string {
  const where = [
    `position > ${integer(selection.after ?? 0, 'after')}`,
    `position <= ${integer(selection.upTo, 'upTo')}`,
  ];
  if (selection.streamIds !== undefined) {
    where.push(`stream_id = ANY(${textArray(selection.streamIds)})`);
  }
  if (selection.recordedFromMs !== undefined) {
    where.push(`recorded_at >= ${instant(selection.recordedFromMs, 'recordedFromMs')}`);
  }
  if (selection.recordedToMs !== undefined) {
    where.push(`recorded_at < ${instant(selection.recordedToMs + 1, 'recordedToMs')}`);
  }
  if (selection.types !== undefined) where.push(`type = ANY(${textArray(selection.types)})`);
  return (
    `COPY (SELECT ${STORED_LOG_COLUMNS} FROM ${s}.events WHERE ${where.join(' AND ')} ` +
    `ORDER BY position) TO STDOUT (FORMAT binary)`
  );
}

function integer(value: number, name: string): string {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name}: expected an integer, got ${value}`);
  return String(value);
}

function instant(ms: number, name: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${name}: not an instant (${ms})`);
  return `${escapeLiteral(date.toISOString())}::timestamptz`;
}

/** A `text[]` literal: each element double-quoted, its quotes and backslashes escaped. */
function textArray(values: readonly string[]): string {
  const elements = values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`);
  return `${escapeLiteral(`{${elements.join(',')}}`)}::text[]`;
}
