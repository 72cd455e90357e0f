import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import Database from 'better-sqlite3';

import type {
  DeadLetterKey,
  DeadLetterKeyStore,
  DeadLetterKeyTombstone,
  DeadLetterReplay,
} from './dead-letter-key-store.port';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS dead_letter_keys (
  key_id           TEXT PRIMARY KEY,
  wrapped_key      BLOB NOT NULL,
  created_at       TEXT NOT NULL,
  dlq_topic        TEXT NOT NULL,
  consumer         TEXT NOT NULL,
  source_topic     TEXT NOT NULL,
  source_partition INTEGER,
  source_offset    TEXT
);
CREATE TABLE IF NOT EXISTS dead_letter_key_tombstones (
  key_id       TEXT PRIMARY KEY,
  erasure_id   TEXT NOT NULL,
  destroyed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letter_replays (
  dead_letter TEXT PRIMARY KEY,
  topic       TEXT NOT NULL,
  replayed_at TEXT NOT NULL
);
`;

interface KeyRow {
  key_id: string;
  wrapped_key: Buffer;
  created_at: string;
  dlq_topic: string;
  consumer: string;
  source_topic: string;
  source_partition: number | null;
  source_offset: string | null;
}

/**
 * Dead-letter keys in the key store's SQLite file (a connection of their own beside the key
 * store's; WAL lets both write). Like the key store: `secure_delete`, and the WAL checkpointed
 * and truncated after a destruction, so that no copy of a destroyed wrapped key stays in the
 * files.
 */
export class SqliteDeadLetterKeyStore implements DeadLetterKeyStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(path, { timeout: 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
  }

  save(key: DeadLetterKey): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(
          `INSERT INTO dead_letter_keys (key_id, wrapped_key, created_at, dlq_topic, consumer,
             source_topic, source_partition, source_offset)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          key.keyId,
          key.wrappedKey,
          key.createdAt,
          key.dlqTopic,
          key.consumer,
          key.sourceTopic,
          key.sourcePartition,
          key.sourceOffset,
        );
    });
  }

  find(keyIds: readonly string[]): Promise<DeadLetterKey[]> {
    return this.run(() => {
      const select = this.db.prepare('SELECT * FROM dead_letter_keys WHERE key_id = ?');
      return keyIds.flatMap((id) => {
        const row = select.get(id) as KeyRow | undefined;
        return row ? [toKey(row)] : [];
      });
    });
  }

  live(): Promise<DeadLetterKey[]> {
    return this.run(() =>
      (this.db.prepare('SELECT * FROM dead_letter_keys ORDER BY created_at').all() as KeyRow[]).map(
        toKey,
      ),
    );
  }

  destroy(
    keyIds: readonly string[],
    destruction: { readonly erasureId: string; readonly destroyedAt: string },
  ): Promise<number> {
    return this.run(() => {
      const destroyed = this.db.transaction(() => {
        let count = 0;
        for (const id of keyIds) {
          const gone = this.db.prepare('DELETE FROM dead_letter_keys WHERE key_id = ?').run(id);
          if (gone.changes === 0) continue;
          this.db
            .prepare(
              `INSERT INTO dead_letter_key_tombstones (key_id, erasure_id, destroyed_at)
               VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
            )
            .run(id, destruction.erasureId, destruction.destroyedAt);
          count += 1;
        }
        return count;
      })();
      // The WAL still holds the pages as they were before the delete.
      if (destroyed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return destroyed;
    });
  }

  tombstones(keyIds: readonly string[]): Promise<DeadLetterKeyTombstone[]> {
    return this.run(() => {
      const select = this.db.prepare('SELECT * FROM dead_letter_key_tombstones WHERE key_id = ?');
      return keyIds.flatMap((id) => {
        const row = select.get(id) as
          { key_id: string; erasure_id: string; destroyed_at: string } | undefined;
        return row
          ? [{ keyId: row.key_id, erasureId: row.erasure_id, destroyedAt: row.destroyed_at }]
          : [];
      });
    });
  }

  expire(before: string): Promise<number> {
    return this.run(() => {
      const expired = this.db.transaction(() => {
        const keys = this.db
          .prepare('DELETE FROM dead_letter_keys WHERE created_at < ?')
          .run(before);
        this.db
          .prepare('DELETE FROM dead_letter_key_tombstones WHERE destroyed_at < ?')
          .run(before);
        this.db.prepare('DELETE FROM dead_letter_replays WHERE replayed_at < ?').run(before);
        return keys.changes;
      })();
      if (expired > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return expired;
    });
  }

  recordReplay(replay: DeadLetterReplay): Promise<DeadLetterReplay> {
    return this.run(() => {
      this.db
        .prepare(
          `INSERT INTO dead_letter_replays (dead_letter, topic, replayed_at) VALUES (?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(replay.deadLetter, replay.topic, replay.replayedAt);
      return this.replayRow(replay.deadLetter)!;
    });
  }

  replayOf(deadLetter: string): Promise<DeadLetterReplay | null> {
    return this.run(() => this.replayRow(deadLetter));
  }

  close(): Promise<void> {
    return this.run(() => {
      if (this.db.open) this.db.close();
    });
  }

  private replayRow(deadLetter: string): DeadLetterReplay | null {
    const row = this.db
      .prepare('SELECT * FROM dead_letter_replays WHERE dead_letter = ?')
      .get(deadLetter) as { dead_letter: string; topic: string; replayed_at: string } | undefined;
    return row
      ? { deadLetter: row.dead_letter, topic: row.topic, replayedAt: row.replayed_at }
      : null;
  }

  /** better-sqlite3 is synchronous: answer through a promise, with its errors as rejections. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function toKey(row: KeyRow): DeadLetterKey {
  return {
    keyId: row.key_id,
    wrappedKey: row.wrapped_key,
    createdAt: row.created_at,
    dlqTopic: row.dlq_topic,
    consumer: row.consumer,
    sourceTopic: row.source_topic,
    sourcePartition: row.source_partition,
    sourceOffset: row.source_offset,
  };
}
