import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import Database from 'better-sqlite3';

import type {
  KeyDestruction,
  KeyRequest,
  KeyScope,
  KeyStore,
  KeyTombstone,
  StoredDataKey,
} from './key-store.port';

/**
 * Key ids are random UUIDs, unique by construction: no index enforces it, since every index is
 * one more page written per new citizen. `data_keys` holds the subject keys made before keys
 * were scoped to a request (read, destroyed, never created any more); `stream_keys` the keys of
 * (subject, request stream), keyed so that an erasure reads a subject's keys as one range.
 * `subject_streams` is WITHOUT ROWID: its primary key is all it holds, and erasure reads it by
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
CREATE TABLE IF NOT EXISTS stream_keys (
  subject_id  TEXT NOT NULL,
  stream_id   TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (subject_id, stream_id)
) WITHOUT ROWID;
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
  stream_id?: string | null;
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
  private readonly selectStreamKey: Database.Statement;

  constructor(options: SqliteKeyStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
    this.db = new Database(options.path, { timeout: 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.insertKey = this.db.prepare(
      `INSERT INTO stream_keys (subject_id, stream_id, key_id, wrapped_key, created_at)
       VALUES (@subjectId, @streamId, @keyId, @wrappedKey, @createdAt)
       ON CONFLICT (subject_id, stream_id) DO NOTHING`,
    );
    this.linkStream = this.db.prepare(
      'INSERT INTO subject_streams (subject_id, stream_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectKey = this.db.prepare('SELECT * FROM data_keys WHERE subject_id = ?');
    this.selectStreamKey = this.db.prepare(
      'SELECT * FROM stream_keys WHERE subject_id = ? AND stream_id = ?',
    );
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
          this.insertKey.run({ ...candidate, subjectId, streamId });
          this.linkStream.run(subjectId, streamId);
          return toKey(this.selectStreamKey.get(subjectId, streamId) as KeyRow);
        }),
      )(),
    );
  }

  findKeys(scopes: readonly KeyScope[]): Promise<StoredDataKey[]> {
    return this.run(() => {
      const found = new Map<string, StoredDataKey>();
      for (const { subjectId, streamId } of scopes) {
        for (const row of [
          this.selectStreamKey.get(subjectId, streamId) as KeyRow | undefined,
          this.selectKey.get(subjectId) as KeyRow | undefined,
        ]) {
          if (row) found.set(row.key_id, toKey(row));
        }
      }
      return [...found.values()];
    });
  }

  keysOf(subjectId: string): Promise<StoredDataKey[]> {
    return this.run(() => this.subjectRows(subjectId).map(toKey));
  }

  destroySubjectKeys(subjectId: string, destruction: KeyDestruction): Promise<KeyTombstone[]> {
    return this.destroying(() => {
      const rows = this.subjectRows(subjectId);
      this.db.prepare('DELETE FROM data_keys WHERE subject_id = ?').run(subjectId);
      this.db.prepare('DELETE FROM stream_keys WHERE subject_id = ?').run(subjectId);
      return rows.map((row) => this.tombstone(row, destruction));
    });
  }

  destroyScopedKeys(
    scopes: readonly KeyScope[],
    destruction: KeyDestruction,
  ): Promise<KeyTombstone[]> {
    return this.destroying(() =>
      scopes.flatMap(({ subjectId, streamId }) => {
        const row = this.selectStreamKey.get(subjectId, streamId) as KeyRow | undefined;
        if (!row) return [];
        this.db
          .prepare('DELETE FROM stream_keys WHERE subject_id = ? AND stream_id = ?')
          .run(subjectId, streamId);
        return [this.tombstone(row, destruction)];
      }),
    );
  }

  async destroySubjectKey(
    subjectId: string,
    destruction: KeyDestruction,
  ): Promise<KeyTombstone | null> {
    const destroyed = await this.destroying(() => {
      const row = this.selectKey.get(subjectId) as KeyRow | undefined;
      if (!row) return [];
      this.db.prepare('DELETE FROM data_keys WHERE subject_id = ?').run(subjectId);
      return [this.tombstone(row, destruction)];
    });
    return destroyed[0] ?? null;
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

  private subjectRows(subjectId: string): KeyRow[] {
    return [
      ...(this.db
        .prepare('SELECT * FROM data_keys WHERE subject_id = ?')
        .all(subjectId) as KeyRow[]),
      ...(this.db
        .prepare('SELECT * FROM stream_keys WHERE subject_id = ? ORDER BY stream_id')
        .all(subjectId) as KeyRow[]),
    ];
  }

  private tombstone(row: KeyRow, destruction: KeyDestruction): KeyTombstone {
    const destroyed = { subjectId: row.subject_id, keyId: row.key_id, ...destruction };
    this.db
      .prepare(
        `INSERT INTO key_tombstones (key_id, subject_id, erasure_id, erased_at)
         VALUES (@keyId, @subjectId, @erasureId, @erasedAt)`,
      )
      .run(destroyed);
    return destroyed;
  }

  /**
   * Deletes keys and writes their tombstones in one transaction; then, when anything went, folds
   * the WAL in and empties it — it still holds the pages as they were before the delete.
   */
  private destroying(work: () => KeyTombstone[]): Promise<KeyTombstone[]> {
    return this.run(() => {
      const tombstones = this.db.transaction(work)();
      if (tombstones.length > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return tombstones;
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
    streamId: row.stream_id ?? null,
    keyId: row.key_id,
    wrappedKey: row.wrapped_key,
    createdAt: row.created_at,
  };
}
