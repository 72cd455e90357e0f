import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@maillage/event-store';
import { projectRequestSummary, requestIdOf } from './project-request-summary';
import type { RequestListQuery, RequestPage, RequestReadModel } from './request-read-model.port';
import type { RequestSummary } from './request-summary';

/**
 * Read model in its own SQLite file. `synchronous = NORMAL` is enough here: the checkpoint is in
 * the same transaction as the rows, so a lost tail after a power cut is simply re-projected.
 */
export class SqliteRequestReadModel implements RequestReadModel {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS request_summaries (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        filed_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS request_authorities (
        authority TEXT NOT NULL,
        request_id TEXT NOT NULL,
        PRIMARY KEY (authority, request_id)
      );
      CREATE TABLE IF NOT EXISTS projection_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL
      );
      INSERT OR IGNORE INTO projection_checkpoint (id, position) VALUES (1, 0);
    `);
  }

  checkpoint(): Promise<number> {
    const row = this.db
      .prepare('SELECT position FROM projection_checkpoint WHERE id = 1')
      .get() as {
      position: number;
    };
    return Promise.resolve(row.position);
  }

  apply(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const select = this.db.prepare('SELECT body FROM request_summaries WHERE id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO request_summaries (id, status, filed_at, body) VALUES (@id, @status, @filedAt, @body)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`,
    );
    const involve = this.db.prepare(
      'INSERT OR IGNORE INTO request_authorities (authority, request_id) VALUES (?, ?)',
    );
    const move = this.db.prepare('UPDATE projection_checkpoint SET position = ? WHERE id = 1');
    this.db.transaction(() => {
      for (const event of events) {
        const requestId = requestIdOf(event);
        const row = select.get(requestId) as { body: string } | undefined;
        const summary = projectRequestSummary(
          row ? (JSON.parse(row.body) as RequestSummary) : null,
          event,
        );
        if (summary) {
          upsert.run({
            id: summary.id,
            status: summary.status,
            filedAt: summary.filedAt,
            body: JSON.stringify(summary),
          });
          for (const authority of [summary.source.authority, ...summary.targets])
            involve.run(authority, summary.id);
        }
      }
      move.run(events.at(-1)!.position);
    })();
    return Promise.resolve();
  }

  get(id: string): Promise<RequestSummary | null> {
    const row = this.db.prepare('SELECT body FROM request_summaries WHERE id = ?').get(id) as
      { body: string } | undefined;
    return Promise.resolve(row ? (JSON.parse(row.body) as RequestSummary) : null);
  }

  list({ authority, status, page, pageSize }: RequestListQuery): Promise<RequestPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (authority) {
      where.push('s.id IN (SELECT request_id FROM request_authorities WHERE authority = ?)');
      params.push(authority);
    }
    if (status) {
      where.push('s.status = ?');
      params.push(status);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM request_summaries s ${clause}`).get(...params) as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT body FROM request_summaries s ${clause} ORDER BY filed_at DESC, id LIMIT ? OFFSET ?`,
      )
      .all(...params, pageSize, (page - 1) * pageSize) as { body: string }[];
    return Promise.resolve({
      items: rows.map((row) => JSON.parse(row.body) as RequestSummary),
      page,
      pageSize,
      total,
    });
  }

  reset(): Promise<void> {
    this.db.exec(`
      DELETE FROM request_summaries;
      DELETE FROM request_authorities;
      UPDATE projection_checkpoint SET position = 0 WHERE id = 1;
    `);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
