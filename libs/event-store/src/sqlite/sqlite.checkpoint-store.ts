import type Database from 'better-sqlite3';

import type { CheckpointStore } from '../checkpoint-store.port';
import { openSqliteDatabase } from './sqlite.database';
import { translateSqliteError } from './translate-sqlite-error';

export interface SqliteCheckpointStoreOptions {
  /** The event store's database file: checkpoints live beside the events. */
  readonly path: string;
}

/**
 * Checkpoints in the `checkpoints` table of the SQLite event store file, on a connection of its
 * own (WAL lets it write between the event store's group commits). Saves are not fsynced
 * (`synchronous = NORMAL`): a subscriber saving after every event would otherwise pay a disk
 * flush per event. A power cut may lose the last saves, which only replays events to the
 * subscriber — at-least-once, as `checkpointedSubscription` already promises.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;
  private readonly loadStatement;
  private readonly saveStatement;

  constructor(options: SqliteCheckpointStoreOptions) {
    this.db = openSqliteDatabase(options.path, 'NORMAL');
    this.loadStatement = this.db
      .prepare<[string], number>('SELECT position FROM checkpoints WHERE subscriber = ?')
      .pluck();
    this.saveStatement = this.db.prepare<[string, number]>(
      `INSERT INTO checkpoints (subscriber, position) VALUES (?, ?)
       ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position`,
    );
  }

  load(subscriber: string): Promise<number> {
    try {
      return Promise.resolve(this.loadStatement.get(subscriber) ?? 0);
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  save(subscriber: string, position: number): Promise<void> {
    try {
      this.saveStatement.run(subscriber, position);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
