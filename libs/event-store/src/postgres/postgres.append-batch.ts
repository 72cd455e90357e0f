import type { PoolClient } from 'pg';

import { decideAppend, type StoredEventId, type StreamTip } from '../append/append-decision';
import { chainEvents, recordedEventOf, type ChainedEvent } from '../append/chain-events';
import type { PreparedAppend } from '../append/prepared-append';
import type { AppendResult } from '../event-store.port';

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface AppendBatchContext {
  /** Quoted schema name. */
  readonly s: string;
  readonly channel: string;
  readonly now: () => Date;
  /** Test seam: awaited inside the transaction, after the inserts, just before COMMIT. */
  readonly beforeCommit?: () => Promise<void>;
}

/**
 * Writes a group of appends in ONE transaction on `client`, and returns one outcome per append.
 * Throws (after ROLLBACK is up to the caller) when the transaction as a whole failed.
 *
 * COMMIT ORDER — the trap this design closes: with positions from a sequence (bigserial), the
 * transaction that took 41 can commit after the one that took 42; a reader that saw 42 and moved
 * its checkpoint past it never sees 41. Here every appending transaction first locks the single
 * `log_head` row (`SELECT ... FOR UPDATE`) and holds the lock until COMMIT/ROLLBACK. Hence:
 *  1. appending transactions are totally ordered by lock acquisition: T(k+1) gets the lock only
 *     once T(k) has ended, and PostgreSQL releases locks after the commit is visible in the
 *     proc array, so every snapshot that sees T(k+1) also sees T(k);
 *  2. T(k+1) reads the head T(k) wrote (READ COMMITTED re-reads the latest committed row version
 *     after waiting on FOR UPDATE) and takes the next positions: positions grow in commit order,
 *     densely (a rolled-back batch consumes nothing — there is no sequence);
 *  3. so the events visible to any reader are always exactly positions 1..head, and
 *     `WHERE position > $after ORDER BY position` can never later reveal a lower position.
 * The cost is one writer at a time across all processes, which group commit amortises: one lock,
 * one round trip series and one fsync per batch rather than per append.
 *
 * Each append is still judged on its own (expected revision, ids) against the database plus the
 * appends accepted earlier in the same batch, before anything is inserted; a rejected append
 * simply contributes no rows.
 */
export async function appendBatch(
  client: PoolClient,
  batch: readonly PreparedAppend[],
  context: AppendBatchContext,
): Promise<AppendOutcome[]> {
  const { s } = context;
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  const head = await client.query<{ position: string }>(
    `SELECT position FROM ${s}.log_head WHERE singleton FOR UPDATE`,
  );
  let position = Number(head.rows[0]?.position ?? 0);

  const streamIds = [...new Set(batch.map((a) => a.streamId))];
  const eventIds = batch.flatMap((a) => a.events.map((e) => e.event.eventId));
  const tipRows = await client.query<{
    stream_id: string;
    revision: number;
    hash: string;
    position: string;
  }>(
    `SELECT s.stream_id, e.revision, e.hash, e.position
         FROM unnest($1::text[]) AS s(stream_id)
         CROSS JOIN LATERAL (
           SELECT revision, hash, position FROM ${s}.events e
            WHERE e.stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) e`,
    [streamIds],
  );
  const storedRows = await client.query<{ event_id: string; stream_id: string; position: string }>(
    `SELECT event_id, stream_id, position FROM ${s}.events WHERE event_id = ANY($1::text[])`,
    [eventIds],
  );
  const tips = new Map<string, StreamTip>(
    tipRows.rows.map((r) => [
      r.stream_id,
      { revision: r.revision, hash: r.hash, position: Number(r.position) },
    ]),
  );
  const stored = new Map<string, StoredEventId>(
    storedRows.rows.map((r) => [
      r.event_id,
      { eventId: r.event_id, streamId: r.stream_id, position: Number(r.position) },
    ]),
  );

  const outcomes: AppendOutcome[] = [];
  const rows: Array<ChainedEvent & { position: number }> = [];
  for (const append of batch) {
    const ids = append.events.map((e) => e.event.eventId);
    const alreadyStored = ids.flatMap((id) => stored.get(id) ?? []);
    const tip = tips.get(append.streamId) ?? null;
    const decision = decideAppend(
      append.streamId,
      ids,
      append.expectedRevision,
      tip,
      alreadyStored,
    );
    if (decision.kind === 'reject') {
      outcomes.push({ ok: false, error: decision.error });
      continue;
    }
    if (decision.kind === 'duplicate') {
      outcomes.push({ ok: true, result: decision.result });
      continue;
    }
    const recordedAt = context.now().toISOString();
    const chained = chainEvents(
      append.streamId,
      append.events,
      decision.firstRevision,
      decision.previousHash,
      recordedAt,
    );
    const recorded = chained.map((event) => {
      position += 1;
      rows.push({ ...event, position });
      stored.set(event.eventId, { eventId: event.eventId, streamId: event.streamId, position });
      return recordedEventOf(event, position);
    });
    const last = recorded.at(-1)!;
    tips.set(append.streamId, { revision: last.revision, hash: last.hash, position });
    outcomes.push({
      ok: true,
      result: {
        nextExpectedRevision: last.revision,
        lastPosition: position,
        duplicate: false,
        events: recorded,
      },
    });
  }

  if (rows.length > 0) {
    // The rows travel as ONE json parameter with the events' canonical JSON spliced in as it is
    // (a json column keeps that text), rather than one escaped array literal per column: less
    // to build, send and parse.
    await client.query(
      `INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, data, personal,
                                metadata, recorded_at, hash, previous_hash)
       SELECT * FROM json_to_recordset($1::json) AS r(
         position bigint, stream_id text, revision int, event_id text, type text, data json,
         personal json, metadata json, recorded_at timestamptz, hash text, previous_hash text)`,
      [`[${rows.map(toJsonRow).join(',')}]`],
    );
    // The notification is delivered only if and when this transaction commits.
    await client.query(
      `WITH head AS (UPDATE ${s}.log_head SET position = $1 WHERE singleton RETURNING position)
       SELECT pg_notify($2, position::text) FROM head`,
      [position, context.channel],
    );
  }
  await context.beforeCommit?.();
  await client.query('COMMIT');
  return outcomes;
}

/** One row of the insert as a JSON object, in column order, its JSON columns spliced in. */
function toJsonRow(row: ChainedEvent & { position: number }): string {
  return (
    `{"position":${row.position},"stream_id":${JSON.stringify(row.streamId)},` +
    `"revision":${row.revision},"event_id":${JSON.stringify(row.eventId)},` +
    `"type":${JSON.stringify(row.type)},"data":${row.dataJson},` +
    `"personal":${row.personalJson ?? 'null'},"metadata":${row.metadataJson},` +
    `"recorded_at":${JSON.stringify(row.recordedAt)},"hash":${JSON.stringify(row.hash)},` +
    `"previous_hash":${JSON.stringify(row.previousHash)}}`
  );
}
