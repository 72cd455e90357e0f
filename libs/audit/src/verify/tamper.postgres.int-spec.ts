import { generateKeyPairSync } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@maillage/event-store';
import {
  DATABASE_URL,
  describePostgres,
  dropSchema,
  randomSchema,
} from '../../../event-store/src/testing/postgres-test-database';
import { AuditService } from '../audit.service';
import { PostgresAuditCheckpointStore } from '../checkpoints/postgres.audit-checkpoint-store';
import { AuditSigningKey } from '../signing/audit-signing-key';
import { seedRequests, type SeededRequest, TestClock } from '../testing/seed-log';

describePostgres('verify detects tampering of a PostgreSQL store', () => {
  const schema = randomSchema('audit');
  const auditSchema = `${schema}_audit`;
  let store: PostgresEventStore;
  let checkpoints: PostgresAuditCheckpointStore;
  let audit: AuditService;
  let requests: SeededRequest[];
  let pool: Pool;

  beforeAll(async () => {
    const clock = new TestClock();
    store = await PostgresEventStore.create({
      connectionString: DATABASE_URL,
      schema,
      now: clock.now,
      poolSize: 2,
    });
    requests = await seedRequests(store, clock, 5);
    checkpoints = await PostgresAuditCheckpointStore.create(DATABASE_URL, auditSchema);
    const key = AuditSigningKey.fromPem(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    audit = new AuditService(store, checkpoints, key, clock.now);
    pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await checkpoints?.close();
    await store?.close();
    await dropSchema(schema);
    await dropSchema(auditSchema);
  });

  it('verifies the untouched store and its checkpoint stored in PostgreSQL', async () => {
    const checkpoint = await audit.createCheckpoint();
    expect(await audit.checkpoints()).toEqual([checkpoint]);
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, findingCount: 0 });
    expect(report.checkpoints).toEqual([
      expect.objectContaining({ source: 'store', status: 'verified' }),
    ]);
  });

  it('locates a changed byte in data and a deleted event, and sees the checkpoint broken', async () => {
    const target = requests[1]!;
    const { rows } = await pool.query<{ position: string; revision: number }>(
      `SELECT position, revision FROM "${schema}".events WHERE stream_id = $1 ORDER BY revision`,
      [target.streamId],
    );
    const changed = Number(rows[0]!.position);
    const deleted = Number(rows[2]!.position);
    const next = Number(rows[3]!.position);
    await pool.query(`ALTER TABLE "${schema}".events DISABLE TRIGGER events_append_only`);
    await pool.query(
      `UPDATE "${schema}".events SET data = replace(data::text, 'Demande 1', 'Demande 9')::json WHERE position = $1`,
      [changed],
    );
    await pool.query(`DELETE FROM "${schema}".events WHERE position = $1`, [deleted]);
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'hash_mismatch',
          streamId: target.streamId,
          position: changed,
        }),
        expect.objectContaining({
          kind: 'event_missing',
          streamId: target.streamId,
          revision: 2,
          position: next,
        }),
        expect.objectContaining({ kind: 'checkpoint_mismatch' }),
      ]),
    );
  });
});
