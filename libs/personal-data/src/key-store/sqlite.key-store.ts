import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import Database from 'better-sqlite3';

import type { KeyRequest, KeyStore, KeyTombstone, StoredDataKey } from './key-store.port';

/**
 * Key ids are random UUIDs, unique by construction: no index enforces it, since every index is
 * one more page written per new citizen. `subject_streams` is WITHOUT ROWID: its primary key is all it holds, and erasure reads it by
 * subject. A tombstone is keyed by the destroyed key's id, so erasing, re-filing and erasing
 * again keeps both.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS key_store_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS data_keys (
  subject_id  TEXT PRIMARY KEY,
  key_id      TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS key_tombstones (
  key_id     TEXT PRIMARY KEY,
  subject_id TEXT NOT NULL,
  erasure_id TEXT NOT NULL,
  erased_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS key_tombstones_by_subject ON key_tombstones (subject_id);
CREATE TABLE IF NOT EXISTS subject_streams (
  subject_id TEXT NOT NULL,
  stream_id  TEXT NOT NULL,
  PRIMARY KEY (subject_id, stream_id)
) WITHOUT ROWID;
`;

interface KeyRow {
  subject_id: string;
  key_id: string;
  wrapped_key: Buffer;
  created_at: string;
}

interface TombstoneRow {
  subject_id: string;
  key_id: string;
  erasure_id: string;
  erased_at: string;
}

export interface SqliteKeyStoreOptions {
  /** The key store's own file (e.g. `<data dir>/keys.sqlite`), never the events' file. */
  readonly path: string;
}

/**
 * Key store in a SQLite file of its own. `secure_delete` overwrites a destroyed key's bytes in
 * the database pages, and the WAL is checkpointed and truncated after each destruction, so that
 * neither the file nor its WAL keeps a copy of the wrapped key (what the file system or a backup
 * taken earlier keeps is beyond reach: see the README). `synchronous = FULL`: a key is on disk
 * before an event it encrypts is appended.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly insertKey: Database.Statement;
  private readonly linkStream: Database.Statement;
  private readonly selectKey: Database.Statement;

  constructor(options: SqliteKeyStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
    this.db = new Database(options.path, { timeout: 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.insertKey = this.db.prepare(
      `INSERT INTO data_keys (subject_id, key_id, wrapped_key, created_at)
       VALUES (@subjectId, @keyId, @wrappedKey, @createdAt) ON CONFLICT (subject_id) DO NOTHING`,
    );
    this.linkStream = this.db.prepare(
      'INSERT INTO subject_streams (subject_id, stream_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectKey = this.db.prepare('SELECT * FROM data_keys WHERE subject_id = ?');
  }

  bindKeyEncryptionKey(fingerprint: string): Promise<string> {
    return this.run(() => {
      this.db
        .prepare(
          "INSERT INTO key_store_meta (name, value) VALUES ('kek_fingerprint', ?) ON CONFLICT DO NOTHING",
        )
        .run(fingerprint);
      const row = this.db
        .prepare("SELECT value FROM key_store_meta WHERE name = 'kek_fingerprint'")
        .get() as { value: string };
      return row.value;
    });
  }

  keysForAppend(requests: readonly KeyRequest[]): Promise<StoredDataKey[]> {
    return this.run(() =>
      this.db.transaction(() =>
        requests.map(({ subjectId, streamId, candidate }) => {
          this.insertKey.run(candidate);
          this.linkStream.run(subjectId, streamId);
          return toKey(this.selectKey.get(subjectId) as KeyRow);
        }),
      )(),
    );
  }

  findKeys(subjectIds: readonly string[]): Promise<StoredDataKey[]> {
    return this.run(() =>
      subjectIds.flatMap((subjectId) => {
        const row = this.selectKey.get(subjectId) as KeyRow | undefined;
        return row ? [toKey(row)] : [];
      }),
    );
  }

  destroyKey(
    subjectId: string,
    erasure: { readonly erasureId: string; readonly erasedAt: string },
  ): Promise<KeyTombstone | null> {
    return this.run(() => {
      const tombstone = this.db.transaction((): KeyTombstone | null => {
        const row = this.selectKey.get(subjectId) as KeyRow | undefined;
        if (!row) return null;
        this.db.prepare('DELETE FROM data_keys WHERE subject_id = ?').run(subjectId);
        const destroyed = { subjectId, keyId: row.key_id, ...erasure };
        this.db
          .prepare(
            `INSERT INTO key_tombstones (key_id, subject_id, erasure_id, erased_at)
             VALUES (@keyId, @subjectId, @erasureId, @erasedAt)`,
          )
          .run(destroyed);
        return destroyed;
      })();
      // The WAL still holds the page as it was before the delete: fold it in and empty it.
      if (tombstone) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return tombstone;
    });
  }

  tombstones(subjectId: string): Promise<KeyTombstone[]> {
    return this.run(() =>
      (
        this.db
          .prepare('SELECT * FROM key_tombstones WHERE subject_id = ? ORDER BY erased_at, key_id')
          .all(subjectId) as TombstoneRow[]
      ).map((row) => ({
        subjectId: row.subject_id,
        keyId: row.key_id,
        erasureId: row.erasure_id,
        erasedAt: row.erased_at,
      })),
    );
  }

  streamsOf(subjectId: string): Promise<string[]> {
    return this.run(() =>
      (
        this.db
          .prepare('SELECT stream_id FROM subject_streams WHERE subject_id = ?')
          .all(subjectId) as { stream_id: string }[]
      ).map((row) => row.stream_id),
    );
  }

  close(): Promise<void> {
    return this.run(() => {
      if (this.db.open) this.db.close();
    });
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

function toKey(row: KeyRow): StoredDataKey {
  return {
    subjectId: row.subject_id,
    keyId: row.key_id,
    wrappedKey: row.wrapped_key,
    createdAt: row.created_at,
  };
}
