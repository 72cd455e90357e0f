import { Pool, type PoolClient } from 'pg';
import type { RecordedEvent } from '@maillage/event-store';
import { projectRequestSummary, requestIdOf } from './project-request-summary';
import type { RequestListQuery, RequestPage, RequestReadModel } from './request-read-model.port';
import type { RequestSummary } from './request-summary';

/**
 * Read model in its own PostgreSQL schema. Its transactions commit with
 * `synchronous_commit = off`: the checkpoint shares the transaction, so a lost tail after a crash
 * is re-projected, never skipped.
 */
export class PostgresRequestReadModel implements RequestReadModel {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async create(connectionString: string, schema: string): Promise<PostgresRequestReadModel> {
    const pool = new Pool({ connectionString, max: 4 });
    const model = new PostgresRequestReadModel(pool, schema);
    const s = schema;
    await pool.query(`
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.request_summaries (
        id uuid PRIMARY KEY, status text NOT NULL, filed_at text NOT NULL, body jsonb NOT NULL);
      CREATE TABLE IF NOT EXISTS ${s}.request_authorities (
        authority text NOT NULL, request_id uuid NOT NULL, PRIMARY KEY (authority, request_id));
      CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoint (
        id int PRIMARY KEY CHECK (id = 1), position bigint NOT NULL);
      INSERT INTO ${s}.projection_checkpoint (id, position) VALUES (1, 0) ON CONFLICT DO NOTHING;
    `);
    return model;
  }

  async checkpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.schema}.projection_checkpoint WHERE id = 1`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.transaction(async (client) => {
      await client.query('SET LOCAL synchronous_commit = off');
      const pending = new Map<string, RequestSummary | null>();
      for (const event of events) {
        const requestId = requestIdOf(event);
        let current = pending.get(requestId);
        if (current === undefined) {
          const { rows } = await client.query<{ body: RequestSummary }>(
            `SELECT body FROM ${this.schema}.request_summaries WHERE id = $1`,
            [requestId],
          );
          current = rows[0]?.body ?? null;
        }
        pending.set(requestId, projectRequestSummary(current, event));
      }
      for (const summary of pending.values()) {
        if (!summary) continue;
        await client.query(
          `INSERT INTO ${this.schema}.request_summaries (id, status, filed_at, body) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`,
          [summary.id, summary.status, summary.filedAt, JSON.stringify(summary)],
        );
        await client.query(
          `INSERT INTO ${this.schema}.request_authorities (authority, request_id)
           SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
          [[summary.source.authority, ...summary.targets], summary.id],
        );
      }
      await client.query(
        `UPDATE ${this.schema}.projection_checkpoint SET position = $1 WHERE id = 1`,
        [events.at(-1)!.position],
      );
    });
  }

  async get(id: string): Promise<RequestSummary | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.pool.query<{ body: RequestSummary }>(
      `SELECT body FROM ${this.schema}.request_summaries WHERE id = $1`,
      [id],
    );
    return rows[0]?.body ?? null;
  }

  async list({ authority, status, page, pageSize }: RequestListQuery): Promise<RequestPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (authority) {
      params.push(authority);
      where.push(
        `s.id IN (SELECT request_id FROM ${this.schema}.request_authorities WHERE authority = $${params.length})`,
      );
    }
    if (status) {
      params.push(status);
      where.push(`s.status = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const count = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.schema}.request_summaries s ${clause}`,
      params,
    );
    const { rows } = await this.pool.query<{ body: RequestSummary }>(
      `SELECT body FROM ${this.schema}.request_summaries s ${clause}
       ORDER BY filed_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return {
      items: rows.map((row) => row.body),
      page,
      pageSize,
      total: Number(count.rows[0]?.n ?? 0),
    };
  }

  async reset(): Promise<void> {
    await this.pool.query(`
      TRUNCATE ${this.schema}.request_summaries, ${this.schema}.request_authorities;
      UPDATE ${this.schema}.projection_checkpoint SET position = 0 WHERE id = 1;
    `);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
