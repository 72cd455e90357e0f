import { randomBytes } from 'node:crypto';

import { Pool } from 'pg';

import { PostgresAuditCheckpointStore } from '@maillage/audit';
import { PostgresConnectorStore } from '@maillage/connectors';
import { PostgresDeadLetterKeyStore } from '@maillage/dead-letters';
import { PostgresWebhookStateStore } from '@maillage/delivery';
import { PostgresEventStore } from '@maillage/event-store';
import { PostgresProcessedMessages } from '@maillage/messaging';
import { PostgresKeyStore } from '@maillage/personal-data';
import { PostgresRequestReadModel } from '@maillage/service-requests';
import {
  describeWithPostgres,
  TEST_DATABASE_URL as DATABASE_URL,
} from '@maillage/http-api/testing';

/**
 * A hub booting on an empty database opens all its PostgreSQL stores at once, and several of them
 * create the same schema: the event store, the read model, the connectors, the webhooks, the
 * audit checkpoints and the dedup marks share `<schema>`; the citizens' keys and the dead-letter
 * keys share `<schema>_keys`. Each ran `CREATE SCHEMA IF NOT EXISTS` under a lock of its own
 * (or none), and the benchmark's hub once failed to boot on `pg_namespace_nspname_index`.
 * Everything here starts in the same turn, on fresh schemas, a few times over.
 */
describeWithPostgres('PostgreSQL stores opened at once on an empty database', () => {
  const admin = new Pool({ connectionString: DATABASE_URL, max: 1 });
  const created: string[] = [];
  afterAll(async () => {
    for (const schema of created) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it.each([1, 2, 3, 4, 5, 6])('boot %i: every store opens and creates its tables', async () => {
    const schema = `boot_race_${randomBytes(4).toString('hex')}`;
    const keys = `${schema}_keys`;
    created.push(schema, keys);
    const dedupPool = new Pool({ connectionString: DATABASE_URL, max: 2 });
    const dedup = new PostgresProcessedMessages({ pool: dedupPool, schema });
    const opened = await Promise.all([
      PostgresEventStore.create({ connectionString: DATABASE_URL, schema }),
      PostgresRequestReadModel.create(DATABASE_URL, schema),
      PostgresConnectorStore.create(DATABASE_URL, schema),
      PostgresWebhookStateStore.create(DATABASE_URL, schema),
      PostgresAuditCheckpointStore.create(DATABASE_URL, schema),
      PostgresKeyStore.create({ connectionString: DATABASE_URL, schema: keys }),
      PostgresDeadLetterKeyStore.create(DATABASE_URL, keys),
      dedup.ensureSchema().then(() => null),
    ]);
    const { rows } = await admin.query<{ schema: string; tables: number }>(
      `SELECT table_schema AS schema, count(*)::int AS tables FROM information_schema.tables
       WHERE table_schema = ANY($1) GROUP BY table_schema ORDER BY table_schema`,
      [[schema, keys]],
    );
    expect(rows.map((row) => row.schema)).toEqual([schema, keys]);
    for (const store of opened) await store?.close();
    await dedupPool.end();
  });
});
