import type { Writable } from 'node:stream';
import { canReadStoredLog, type EventStore } from '@maillage/event-store';
import type { HistoryFilter } from './history-filter';
import { formatHistory, type HistoryFormat } from './history-format';
import { replayHistory, type ReplayOptions } from './replay-history';
import { storedHistoryNdjson } from './stored-history';
import { drained, writeLines } from './write-lines';

/**
 * Writes the history the filter selects to `out` as `writeLines(formatHistory(replayHistory(…)))`
 * would, byte for byte, and returns the lines written. NDJSON from a store that hands out its log
 * as stored (PostgreSQL) takes the fast road, `storedHistoryNdjson`: no event decoded, about one
 * page in flight; any other store or format, the generic one. Honours back-pressure either way;
 * does not end `out`.
 */
export async function writeHistory(
  store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>,
  filter: HistoryFilter,
  format: HistoryFormat,
  out: Writable,
  options: ReplayOptions = {},
): Promise<number> {
  if (format !== 'ndjson' || !canReadStoredLog(store)) {
    return writeLines(formatHistory(replayHistory(store, filter, options), format), out);
  }
  let written = 0;
  for await (const { chunk, lines } of storedHistoryNdjson(store, filter, options)) {
    if (out.destroyed) throw new Error('output closed before the replay ended');
    written += lines;
    if (!out.write(chunk)) await drained(out);
  }
  return written;
}
