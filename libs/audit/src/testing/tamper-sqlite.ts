import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { computeEventHash, type RecordedEvent, SqliteEventStore } from '@maillage/event-store';
import { readLog } from '../replay/read-log';
import { type CheckpointToVerify, verifyEvents } from '../verify/log-verifier';
import type { VerificationReport } from '../verify/verification-report';

export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  personal: string | null;
  metadata: string;
  recorded_at: string;
  hash: string;
  previous_hash: string | null;
}

/**
 * Copies a pristine store file, lets `mutate` change it with plain SQL — as someone holding the
 * file would, dropping the append-only triggers first — then verifies the copy through the
 * SQLite adapter.
 */
export async function tamperAndVerify(
  pristine: string,
  mutate: (db: Database.Database) => void,
  checkpoints: readonly CheckpointToVerify[],
): Promise<VerificationReport> {
  const path = join(mkdtempSync(join(tmpdir(), 'maillage-tamper-')), 'events.sqlite');
  copyFileSync(pristine, path);
  const db = new Database(path);
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  mutate(db);
  db.close();
  const store = new SqliteEventStore({ path });
  try {
    return await verifyEvents(readLog(store), checkpoints);
  } finally {
    await store.close();
  }
}

export function rows(db: Database.Database, where = '1 = 1', ...params: unknown[]): EventRow[] {
  return db
    .prepare(`SELECT * FROM events WHERE ${where} ORDER BY position`)
    .all(...params) as EventRow[];
}

/** The hash an attacker who knows the algorithm would give a row. */
export function rehash(row: EventRow): string {
  return computeEventHash(toEvent(row));
}

function toEvent(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data),
    personal: row.personal === null ? null : JSON.parse(row.personal),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

/** Re-hashes a stream's chain from its first event, in revision order, as a careful forger would. */
export function rehashStream(db: Database.Database, streamId: string): void {
  let previous: string | null = null;
  for (const row of rows(db, 'stream_id = ?', streamId).sort((a, b) => a.revision - b.revision)) {
    const hash = rehash({ ...row, previous_hash: previous });
    db.prepare('UPDATE events SET hash = ?, previous_hash = ? WHERE position = ?').run(
      hash,
      previous,
      row.position,
    );
    previous = hash;
  }
}
