import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import Database from 'better-sqlite3';

import { translateSqliteError } from './translate-sqlite-error';

/**
 * Schema of the embedded store. `position` is the rowid: AUTOINCREMENT never reuses a value, and
 * since SQLite has a single writer and positions are taken inside the write transaction, position
 * order is commit order — a reader can never later see a lower position appear.
 * UNIQUE(stream_id, revision) is the last line of defence against a double revision; its index
 * also finds a stream's tip with one descending seek. Triggers make the log append-only even for
 * someone holding the file and a sqlite3 shell (short of dropping them).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position      INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id     TEXT    NOT NULL,
  revision      INTEGER NOT NULL,
  event_id      TEXT    NOT NULL UNIQUE,
  type          TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  personal      TEXT,
  metadata      TEXT    NOT NULL,
  recorded_at   TEXT    NOT NULL,
  hash          TEXT    NOT NULL,
  previous_hash TEXT,
  UNIQUE (stream_id, revision)
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE IF NOT EXISTS checkpoints (
  subscriber TEXT    PRIMARY KEY,
  position   INTEGER NOT NULL
);
`;

/** How long a connection waits for another process's write lock before giving up (ms). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating the file, its directory and the tables if needed) a SQLite event store
 * database. WAL lets readers run beside the writer. `synchronous` is per connection:
 * - `FULL` (default, the event store's) fsyncs the WAL at every commit, so a committed append
 *   survives a power cut — this is what makes "acknowledged means stored" true, and why appends
 *   are grouped into few commits;
 * - `NORMAL` skips that fsync (still crash-safe, never corrupt): a power cut may lose the last
 *   commits. Fine for checkpoints, whose loss only replays events to at-least-once subscribers.
 */
export function openSqliteDatabase(
  path: string,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): Database.Database {
  try {
    if (path !== ':memory:' && !path.startsWith('file:')) {
      mkdirSync(dirname(resolve(path)), { recursive: true });
    }
    const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    throw translateSqliteError(error);
  }
}
