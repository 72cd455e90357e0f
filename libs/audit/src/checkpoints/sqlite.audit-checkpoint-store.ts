import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditCheckpointStore } from './audit-checkpoint-store.port';
import { type CheckpointRow, toSignedCheckpoint } from './checkpoint-row';
import type { SignedCheckpoint } from './signed-checkpoint';

/** Checkpoints in their own SQLite file (`<data dir>/audit.sqlite` on the embedded default). */
export class SqliteAuditCheckpointStore implements AuditCheckpointStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS audit_checkpoints (
        position   INTEGER PRIMARY KEY,
        count      INTEGER NOT NULL,
        root       TEXT    NOT NULL,
        created_at TEXT    NOT NULL,
        key_id     TEXT    NOT NULL,
        signature  TEXT    NOT NULL
      )`);
  }

  add(checkpoint: SignedCheckpoint): Promise<void> {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO audit_checkpoints (position, count, root, created_at, key_id, signature)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        checkpoint.position,
        checkpoint.count,
        checkpoint.root,
        checkpoint.createdAt,
        checkpoint.keyId,
        checkpoint.signature,
      );
    return Promise.resolve();
  }

  list(): Promise<SignedCheckpoint[]> {
    const rows = this.db
      .prepare<[], CheckpointRow>('SELECT * FROM audit_checkpoints ORDER BY position')
      .all();
    return Promise.resolve(rows.map(toSignedCheckpoint));
  }

  get(position: number): Promise<SignedCheckpoint | null> {
    const row = this.db
      .prepare<[number], CheckpointRow>('SELECT * FROM audit_checkpoints WHERE position = ?')
      .get(position);
    return Promise.resolve(row ? toSignedCheckpoint(row) : null);
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
