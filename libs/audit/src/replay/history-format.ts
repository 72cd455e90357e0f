import type { RecordedEvent } from '@maillage/event-store';
import { type AuditEventLine, toAuditEventLine } from './audit-event-line';

export type HistoryFormat = 'ndjson' | 'csv';

export const HISTORY_FORMATS: readonly HistoryFormat[] = ['ndjson', 'csv'];

/** Media type of each format. */
export const HISTORY_MEDIA_TYPES: Readonly<Record<HistoryFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** CSV columns, in order; `data` is the event's data as JSON. */
export const CSV_COLUMNS: readonly (keyof AuditEventLine)[] = [
  'position',
  'recordedAt',
  'occurredAt',
  'streamId',
  'requestId',
  'revision',
  'type',
  'authority',
  'connector',
  'correlationId',
  'causationId',
  'eventId',
  'hash',
  'previousHash',
  'hasPersonalData',
  'data',
];

/** Each event as one line of text (with its newline); CSV starts with its header line. */
export async function* formatHistory(
  events: AsyncIterable<RecordedEvent>,
  format: HistoryFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const event of events) {
    const line = toAuditEventLine(event);
    yield format === 'ndjson' ? `${JSON.stringify(line)}\n` : csvRow(line);
  }
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends rows. */
function csvRow(line: AuditEventLine): string {
  return `${CSV_COLUMNS.map((column) => csvField(line[column])).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
  // A leading =, +, - or @ would be run as a formula by spreadsheets: quote-prefix it.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
