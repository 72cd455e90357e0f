import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { ConfigModule, type MaillageConfig, parseConfig } from '@maillage/config';
import { describeWithPostgres, TEST_DATABASE_URL } from '@maillage/http-api/testing';
import { ServiceRequestsModule } from '@maillage/service-requests';
import { webhookIdOf } from './sending/webhook-message';
import { type ApplyingReceiver, startApplyingReceiver } from './testing/applying-receiver';
import { WebhookWriter } from './testing/webhook-writer';
import { WebhookDeliveryModule } from './webhook-delivery.module';

/**
 * Several instances of the deliverer on one PostgreSQL store (two hubs, or hub and deliverer
 * apps): each connector is delivered by one of them at a time, and the others take over when it
 * stops or loses its session — every message applied once, in the log's order.
 */
describeWithPostgres('webhook delivery by several instances on one PostgreSQL store', () => {
  jest.setTimeout(60_000);
  const schema = `instances_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-instances-'));
  let config: MaillageConfig;
  let writer: WebhookWriter;
  let receiver: ApplyingReceiver;
  let admin: Client;
  const instances = new Set<TestingModule>();
  let serial = 0;

  beforeAll(async () => {
    config = parseConfig({
      MAILLAGE_DATA_DIR: dataDir,
      MAILLAGE_HUB_SECRET: 'test-secret-test-secret-test-secret-0123',
      MAILLAGE_EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      MAILLAGE_PG_SCHEMA: schema,
      MAILLAGE_PG_POOL_SIZE: '4',
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      MAILLAGE_WEBHOOK_POLL_MS: '50',
      MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05',
      LOG_LEVEL: 'error',
    });
    writer = await WebhookWriter.open(config);
    admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all([...instances].map((instance) => instance.close()));
    await writer?.close();
    await receiver?.close();
    await admin?.query(
      `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE`,
    );
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A deliverer as the `deliverer` app composes it, on the same store. */
  async function startInstance(): Promise<TestingModule> {
    const instance = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: false }),
        WebhookDeliveryModule,
      ],
    }).compile();
    instance.useLogger(false);
    await instance.init();
    instances.add(instance);
    return instance;
  }

  async function stopInstance(instance: TestingModule): Promise<void> {
    instances.delete(instance);
    await instance.close();
  }

  /** Files `count` requests, each commented once: three messages each for a Loiret tool. */
  async function fileRequests(count: number): Promise<void> {
    for (let n = 0; n < count; n += 1) {
      serial += 1;
      const requestId = await writer.file('gien-tool', `GIEN-INST-${serial}`);
      await writer.comment('gien-tool', requestId, `Relance ${serial}`);
    }
  }

  async function expectedIds(): Promise<string[]> {
    return (await writer.expected('loiret-tool')).map((item) =>
      webhookIdOf(item.id, 'loiret-tool'),
    );
  }

  /** The leases' lock space: the webhooks' state lives in the read models' schema. */
  const LOCK_NAMESPACE = (): string =>
    `maillage.webhooks.${config.readModel.kind === 'postgres' ? config.readModel.schema : ''}`;

  /** Backends holding the connector's lock: one at most, whatever the number of instances. */
  async function holders(): Promise<number> {
    const result = await admin.query<{ count: string }>(
      `SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND classid = (hashtext($1)::bigint & 4294967295)::text::oid
          AND objid = (hashtext('loiret-tool')::bigint & 4294967295)::text::oid`,
      [LOCK_NAMESPACE()],
    );
    return Number(result.rows[0]!.count);
  }

  async function terminateHolder(): Promise<void> {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND classid = (hashtext($1)::bigint & 4294967295)::text::oid
          AND objid = (hashtext('loiret-tool')::bigint & 4294967295)::text::oid`,
      [LOCK_NAMESPACE()],
    );
  }

  it('delivers every message once and in order, through a stop and a lost session', async () => {
    await writer.gienTool('gien-tool');
    receiver = await startApplyingReceiver();
    receiver.verifyWith((await writer.loiretTool('loiret-tool', receiver.url)).secret!);

    // The first instance takes the connector; the second starts once it holds it, and waits.
    const first = await startInstance();
    await waitFor(async () => (await holders()) === 1);
    await startInstance();
    await fileRequests(20);
    await waitForApplied();
    expect(await holders()).toBe(1);
    // Had both delivered, most messages would have come twice.
    expect(receiver.duplicates).toBe(0);
    expect(receiver.applied).toEqual(await expectedIds());

    // The holder stops in the middle of a batch: the other takes over from the cursor it left.
    const batch = fileRequests(20);
    await waitFor(() => Promise.resolve(receiver.applied.length >= 75));
    await stopInstance(first);
    await batch;
    await waitForApplied();
    expect(receiver.applied).toEqual(await expectedIds());

    // A third instance waits; the holder's session ends under it (a crash, seen from the
    // server): it stops sending, and the lock goes to whichever instance asks first.
    await startInstance();
    const another = fileRequests(20);
    await waitFor(() => Promise.resolve(receiver.applied.length >= 135));
    await terminateHolder();
    await another;
    await waitForApplied();
    expect(await holders()).toBe(1);

    expect(receiver.applied).toEqual(await expectedIds());
    expect(receiver.applied).toHaveLength(180);
    expect([...receiver.byRequest.values()].every((ids) => ids.length === 3)).toBe(true);
    expect(receiver.rejected).toBe(0);
    // A handover may send the message in flight again (same webhook-id): one per handover at most.
    expect(receiver.duplicates).toBeLessThanOrEqual(2);
  });

  async function waitForApplied(): Promise<void> {
    const expected = (await expectedIds()).length;
    await waitFor(() => Promise.resolve(receiver.applied.length >= expected), 30_000);
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
