import { Pool, type PoolClient } from 'pg';
import type { RecordedEvent } from '@maillage/event-store';
import { projectRequestSummary, requestIdOf } from './project-request-summary';
import type { RequestListQuery, RequestPage, RequestReadModel } from './request-read-model.port';
import type { RequestSummary } from './request-summary';
import { runSchemaDdl, surviveConnectionLoss } from '@maillage/event-store';

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
    const pool = surviveConnectionLoss(new Pool({ connectionString, max: 4 }));
    const model = new PostgresRequestReadModel(pool, schema);
    const s = schema;
    // Under the schema's lock: the event store creates the same schema as it boots.
    await runSchemaDdl(pool, s, (client) =>
      client.query(`
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.request_summaries (
        id uuid PRIMARY KEY, status text NOT NULL, filed_at text NOT NULL, body jsonb NOT NULL);
      CREATE TABLE IF NOT EXISTS ${s}.request_authorities (
        authority text NOT NULL, request_id uuid NOT NULL, PRIMARY KEY (authority, request_id));
      CREATE TABLE IF NOT EXISTS ${s}.request_references (
        authority text NOT NULL, reference text NOT NULL, request_id uuid NOT NULL,
        PRIMARY KEY (authority, reference));
      CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoint (
        id int PRIMARY KEY CHECK (id = 1), position bigint NOT NULL);
      INSERT INTO ${s}.projection_checkpoint (id, position) VALUES (1, 0) ON CONFLICT DO NOTHING;
    `),
    ).catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return model;
  }

  async checkpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.schema}.projection_checkpoint WHERE id = 1`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  /**
   * Set-based: one read of the summaries the batch continues (none for a `RequestFiled`, which
   * starts one), the batch folded in memory, then one upsert of the summaries and one insert of
   * every authority their intermediate states involved — a fixed number of round trips per batch
   * instead of three per request.
   */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const started = new Set(
      events.filter((e) => e.type === 'RequestFiled').map((e) => requestIdOf(e)),
    );
    // '' is an event of no request (the retention approvals' stream): nothing to read for it.
    const continued = [...new Set(events.map((e) => requestIdOf(e)))].filter(
      (id) => id !== '' && !started.has(id),
    );
    await this.transaction(async (client) => {
      await client.query('SET LOCAL synchronous_commit = off');
      const summaries = new Map<string, RequestSummary | null>();
      if (continued.length > 0) {
        const { rows } = await client.query<{ id: string; body: RequestSummary }>(
          `SELECT id, body FROM ${this.schema}.request_summaries WHERE id = ANY($1::uuid[])`,
          [continued],
        );
        for (const row of rows) summaries.set(row.id, row.body);
      }
      const authorities = new Map<string, Set<string>>();
      for (const event of events) {
        const requestId = requestIdOf(event);
        const summary = projectRequestSummary(summaries.get(requestId) ?? null, event);
        summaries.set(requestId, summary);
        if (!summary) continue;
        const involved = authorities.get(requestId) ?? new Set<string>();
        involved.add(summary.source.authority);
        for (const target of summary.targets) involved.add(target);
        authorities.set(requestId, involved);
      }
      const written = [...summaries.values()].filter((s): s is RequestSummary => s !== null);
      if (written.length > 0) {
        await client.query(
          `INSERT INTO ${this.schema}.request_summaries (id, status, filed_at, body)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`,
          [
            written.map((s) => s.id),
            written.map((s) => s.status),
            written.map((s) => s.filedAt),
            written.map((s) => JSON.stringify(s)),
          ],
        );
        const pairs = [...authorities].flatMap(([id, involved]) =>
          [...involved].map((authority) => [authority, id] as const),
        );
        await client.query(
          `INSERT INTO ${this.schema}.request_authorities (authority, request_id)
           SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`,
          [pairs.map(([authority]) => authority), pairs.map(([, id]) => id)],
        );
        const references = written.flatMap((summary) =>
          summary.externalReferences.map((ref) => [ref.authority, ref.reference, summary.id]),
        );
        if (references.length > 0) {
          await client.query(
            `INSERT INTO ${this.schema}.request_references (authority, reference, request_id)
             SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
            [0, 1, 2].map((column) => references.map((row) => row[column])),
          );
        }
      }
      await client.query(
        `UPDATE ${this.schema}.projection_checkpoint SET position = $1 WHERE id = 1`,
        [events.at(-1)!.position],
      );
    });
  }

  async findByReference(authority: string, reference: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ request_id: string }>(
      `SELECT request_id FROM ${this.schema}.request_references WHERE authority = $1 AND reference = $2`,
      [authority, reference],
    );
    return rows[0]?.request_id ?? null;
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
      TRUNCATE ${this.schema}.request_summaries, ${this.schema}.request_authorities,
        ${this.schema}.request_references;
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
