import { createHash } from 'node:crypto';
import { canonicalJson, type EventStore } from '@maillage/event-store';
import {
  projectRequestSummary,
  requestIdOf,
  type RequestSummary,
} from '@maillage/service-requests';
import { readLog } from '../replay/read-log';

/** One request of the read model: its summary and every authority it involved (sorted). */
export interface RequestReadModelEntry {
  readonly summary: RequestSummary;
  readonly authorities: readonly string[];
}

/**
 * Rebuilds the request read model from position zero in memory, with the projection the hub
 * runs (`projectRequestSummary`; authorities indexed as `SqliteRequestReadModel` does), and
 * returns its canonical dump — one canonical JSON line per request, by id — and the SHA-256 of
 * the dump. Two rebuilds of the same log give the same bytes: the projection is pure.
 */
export async function dumpRequestReadModel(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
): Promise<{ readonly dump: string; readonly sha256: string; readonly requests: number }> {
  const head = await store.headPosition();
  const entries = new Map<string, { summary: RequestSummary; authorities: Set<string> }>();
  for await (const event of readLog(store, { upTo: head })) {
    const requestId = requestIdOf(event);
    const known = entries.get(requestId);
    const summary = projectRequestSummary(known?.summary ?? null, event);
    if (!summary) continue;
    const authorities = known?.authorities ?? new Set<string>();
    authorities.add(summary.source.authority);
    for (const target of summary.targets) authorities.add(target);
    entries.set(requestId, { summary, authorities });
  }
  const dump = canonicalDump(
    [...entries.values()].map(({ summary, authorities }) => ({
      summary,
      authorities: [...authorities],
    })),
  );
  return { dump, sha256: sha256(dump), requests: entries.size };
}

/** The canonical dump of read-model entries, whatever order they come in. */
export function canonicalDump(entries: readonly RequestReadModelEntry[]): string {
  return [...entries]
    .map((entry) => ({ ...entry, authorities: [...entry.authorities].sort() }))
    .sort((a, b) => (a.summary.id < b.summary.id ? -1 : a.summary.id > b.summary.id ? 1 : 0))
    .map((entry) => `${canonicalJson(entry)}\n`)
    .join('');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
