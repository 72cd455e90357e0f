import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@maillage/event-store';
import { projectRequestSummary, requestIdOf } from './project-request-summary';
import type { RequestListQuery, RequestPage, RequestReadModel } from './request-read-model.port';
import type { RequestSummary } from './request-summary';

/** The summaries a batch of events leaves, by request id, with every authority they involved. */
type TouchedRequests = ReadonlyMap<
  string,
  { readonly summary: RequestSummary; readonly authorities: Set<string> }
>;

/**
 * Read model in its own SQLite file. `synchronous = NORMAL` is enough here: the checkpoint is in
 * the same transaction as the rows, so a lost tail after a power cut is simply re-projected.
 */
export class SqliteRequestReadModel implements RequestReadModel {
  private readonly db: Database.Database;
  private readonly statements;
  /** Upserts the batch's summaries and moves the checkpoint, in one transaction. */
  private readonly write: (touched: TouchedRequests, position: number) => void;

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
      CREATE TABLE IF NOT EXISTS request_references (
        authority TEXT NOT NULL,
        reference TEXT NOT NULL,
        request_id TEXT NOT NULL,
        PRIMARY KEY (authority, reference)
      );
      CREATE TABLE IF NOT EXISTS projection_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL
      );
      INSERT OR IGNORE INTO projection_checkpoint (id, position) VALUES (1, 0);
    `);
    const db = this.db;
    const statements = {
      select: db
        .prepare<[string], string>('SELECT body FROM request_summaries WHERE id = ?')
        .pluck(),
      upsert: db.prepare<[string, string, string, string]>(
        `INSERT INTO request_summaries (id, status, filed_at, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`,
      ),
      involve: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO request_authorities (authority, request_id) VALUES (?, ?)',
      ),
      reference: db.prepare<[string, string, string]>(
        'INSERT OR IGNORE INTO request_references (authority, reference, request_id) VALUES (?, ?, ?)',
      ),
      findByReference: db
        .prepare<[string, string], string>(
          'SELECT request_id FROM request_references WHERE authority = ? AND reference = ?',
        )
        .pluck(),
      move: db.prepare<[number]>('UPDATE projection_checkpoint SET position = ? WHERE id = 1'),
    };
    this.statements = statements;
    this.write = db.transaction((touched: TouchedRequests, position: number) => {
      for (const { summary, authorities } of touched.values()) {
        const body = JSON.stringify(summary);
        statements.upsert.run(summary.id, summary.status, summary.filedAt, body);
        for (const authority of authorities) statements.involve.run(authority, summary.id);
        for (const ref of summary.externalReferences) {
          statements.reference.run(ref.authority, ref.reference, summary.id);
        }
      }
      statements.move.run(position);
    });
  }

  checkpoint(): Promise<number> {
    const row = this.db
      .prepare('SELECT position FROM projection_checkpoint WHERE id = 1')
      .get() as {
      position: number;
    };
    return Promise.resolve(row.position);
  }

  /**
   * Folds the batch in memory first, so that each request touched is read at most once (never
   * for a `RequestFiled`, which starts a summary) and written once, with every authority any of
   * its intermediate summaries involved — the same rows as applying the events one by one.
   */
  apply(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const touched = new Map<string, { summary: RequestSummary; authorities: Set<string> }>();
    for (const event of events) {
      const requestId = requestIdOf(event);
      const known = touched.get(requestId);
      const before =
        known?.summary ?? (event.type === 'RequestFiled' ? null : this.storedSummary(requestId));
      const summary = projectRequestSummary(before, event);
      if (!summary) continue;
      const authorities = known?.authorities ?? new Set<string>();
      authorities.add(summary.source.authority);
      for (const target of summary.targets) authorities.add(target);
      touched.set(requestId, { summary, authorities });
    }
    this.write(touched, events.at(-1)!.position);
    return Promise.resolve();
  }

  findByReference(authority: string, reference: string): Promise<string | null> {
    return Promise.resolve(this.statements.findByReference.get(authority, reference) ?? null);
  }

  get(id: string): Promise<RequestSummary | null> {
    return Promise.resolve(this.storedSummary(id));
  }

  private storedSummary(id: string): RequestSummary | null {
    const body = this.statements.select.get(id);
    return body === undefined ? null : (JSON.parse(body) as RequestSummary);
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
      DELETE FROM request_references;
      UPDATE projection_checkpoint SET position = 0 WHERE id = 1;
    `);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
