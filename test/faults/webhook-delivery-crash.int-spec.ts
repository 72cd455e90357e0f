import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type MaillageConfig, parseConfig } from '@maillage/config';
import { webhookIdOf } from '@maillage/delivery';
import {
  type ApplyingReceiver,
  startApplyingReceiver,
  WebhookWriter,
} from '@maillage/delivery/testing';
import { describeWithPostgres, TEST_DATABASE_URL } from '@maillage/http-api/testing';

/** Deliveries at least: each request gives each of the three tools 4 messages (filed, routed, 2 comments). */
const DELIVERIES = 10_000;
const REQUESTS = Math.ceil(DELIVERIES / 12);
const KILLS = 10;
/** Requests filed at once; each request's own commands go one after the other. */
const PARALLEL = 8;
const REPO = join(__dirname, '..', '..');
const SECRET = 'crash-test-secret-crash-test-secret-000';

/**
 * Two `deliverer` apps on one PostgreSQL store deliver webhooks to three receivers on 127.0.0.1
 * that verify signatures and apply each `webhook-id` once. While the requests are filed, the
 * process delivering is killed with SIGKILL ten times, at random moments of its work, and
 * restarted; the other takes its connectors over (the dead one's PostgreSQL session, and with it
 * its locks, ends with it). Afterwards each receiver must have applied every message once, in
 * the log's order — and so each request's messages in order — and have got twice only messages
 * in flight at a kill (one per connector and kill at most). A deliverer that saved its cursor
 * before the receiver's 2xx would lose the message in flight at a kill; a new `webhook-id` on a
 * resend would be applied twice; two deliverers sending for one connector at once would send
 * thousands of messages twice.
 */
describeWithPostgres('webhook delivery crash test (kill -9 during deliveries)', () => {
  jest.setTimeout(240_000);
  const schema = `crash_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-webhook-crash-'));
  const env: Record<string, string> = {
    MAILLAGE_DATA_DIR: dataDir,
    MAILLAGE_HUB_SECRET: SECRET,
    MAILLAGE_EVENT_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    MAILLAGE_PG_SCHEMA: schema,
    MAILLAGE_PG_POOL_SIZE: '4',
    MAILLAGE_DEMO_CONNECTORS: 'off',
    MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    MAILLAGE_WEBHOOK_POLL_MS: '100',
    MAILLAGE_WEBHOOK_TIMEOUT_MS: '2000',
    MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.05,0.1,0.2,0.5,1,2,5,10',
    LOG_LEVEL: 'error',
  };
  let config: MaillageConfig;
  let writer: WebhookWriter;
  let admin: Client;
  const receivers = new Map<string, ApplyingReceiver>();
  const deliverers = new Set<ChildProcess>();

  beforeAll(async () => {
    config = parseConfig(env);
    writer = await WebhookWriter.open(config);
    admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    for (const child of deliverers) child.kill('SIGKILL');
    await Promise.all([...receivers.values()].map((receiver) => receiver.close()));
    await writer?.close();
    await admin?.query(
      `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE`,
    );
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startDeliverer = (): ChildProcess => {
    const child = spawn(
      process.execPath,
      [
        // ts-node's transpile-only, with a cache: a dozen starts of the app would otherwise spend
        // most of the test's time transpiling it again and again.
        '-r',
        join(__dirname, 'webhook-delivery-crash.register.js'),
        '-r',
        'tsconfig-paths/register',
        'apps/deliverer/src/main.ts',
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          ...env,
          TS_NODE_PROJECT: join(REPO, 'tsconfig.json'),
          MAILLAGE_TS_CACHE: join(dataDir, 'transpiled'),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    deliverers.add(child);
    child.once('exit', () => deliverers.delete(child));
    return child;
  };

  /** Lock-holding connectors per deliverer process (its PostgreSQL session names its pid). */
  async function leasesByPid(): Promise<Map<number, number>> {
    const result = await admin.query<{ application_name: string; count: string }>(
      `SELECT a.application_name, count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.classid = (hashtext($1)::bigint & 4294967295)::text::oid
        GROUP BY a.application_name`,
      [`maillage.webhooks.${schema}_read`],
    );
    return new Map(
      result.rows.map((row) => [
        Number(row.application_name.replace('maillage-webhooks-', '')),
        Number(row.count),
      ]),
    );
  }

  const applied = (): number =>
    [...receivers.values()].reduce((sum, receiver) => sum + receiver.applied.length, 0);

  it('loses nothing, applies nothing twice and keeps per-request order across ten SIGKILLs', async () => {
    const tools = ['gien-crash', 'loiret-crash-a', 'loiret-crash-b'];
    for (const id of tools) {
      const receiver = await startApplyingReceiver();
      receivers.set(id, receiver);
      const { secret } =
        id === 'gien-crash'
          ? await writer.gienTool(id, receiver.url)
          : await writer.loiretTool(id, receiver.url);
      receiver.verifyWith(secret!);
    }
    const startedAt = Date.now();
    startDeliverer();
    startDeliverer();

    let appendingDone = false;
    const appending = (async () => {
      for (let n = 0; n < REQUESTS; n += PARALLEL) {
        await Promise.all(
          Array.from({ length: Math.min(PARALLEL, REQUESTS - n) }, async (_, i) => {
            const requestId = await writer.file('gien-crash', `GIEN-CRASH-${n + i}`);
            await writer.comment('gien-crash', requestId, `Première relance ${n + i}`);
            await writer.comment('gien-crash', requestId, `Seconde relance ${n + i}`);
          }),
        );
      }
      appendingDone = true;
    })();

    let kills = 0;
    const killing = (async () => {
      while (kills < KILLS) {
        // Kill a deliverer that is delivering, not one still booting: wait for some deliveries
        // since the last kill (at most 600, so that ten kills land before the 10 000th), then
        // a random moment of its work.
        const target = applied() + 100 + Math.floor(Math.random() * 500);
        while (applied() < target) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, Math.random() * 100));
        // The one holding the most connectors' leases (any, should none hold one).
        const holders = await leasesByPid();
        const victim = [...deliverers].sort(
          (a, b) => (holders.get(b.pid!) ?? 0) - (holders.get(a.pid!) ?? 0),
        )[0];
        if (!victim) continue;
        victim.kill('SIGKILL');
        await new Promise((r) => victim.once('exit', r));
        kills += 1;
        startDeliverer();
      }
    })();
    await Promise.all([appending, killing]);
    expect(appendingDone).toBe(true);

    const expected = new Map<string, { ids: string[]; byRequest: Map<string, string[]> }>();
    for (const id of tools) {
      const byRequest = new Map<string, string[]>();
      const ids = (await writer.expected(id)).map((item) => {
        const webhookId = webhookIdOf(item.id, id);
        byRequest.set(item.requestId, [...(byRequest.get(item.requestId) ?? []), webhookId]);
        return webhookId;
      });
      expected.set(id, { ids, byRequest });
    }
    const total = [...expected.values()].reduce((sum, { ids }) => sum + ids.length, 0);
    expect(total).toBeGreaterThanOrEqual(DELIVERIES);
    const deadline = Date.now() + 90_000;
    while (applied() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const elapsedS = (Date.now() - startedAt) / 1000;
    await Promise.all(
      [...deliverers].map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve(null);
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );

    expect(kills).toBe(KILLS);
    for (const id of tools) {
      const receiver = receivers.get(id)!;
      const { ids, byRequest } = expected.get(id)!;
      // Every message, once, in the log's order: nothing missing, nothing extra.
      expect(receiver.applied.filter((webhookId) => !ids.includes(webhookId))).toEqual([]);
      expect(ids.filter((webhookId) => !receiver.appliedAt.has(webhookId))).toEqual([]);
      expect(receiver.applied).toEqual(ids);
      // And so each request's messages in order (the request as the payload names it).
      const outOfOrder = [...byRequest].filter(
        ([requestId, inOrder]) =>
          JSON.stringify(receiver.byRequest.get(requestId)) !== JSON.stringify(inOrder),
      );
      expect(outOfOrder).toEqual([]);
      expect(receiver.rejected).toBe(0);
    }
    // Sent again after a kill, dropped by webhook-id: the kills landed between a receiver's 2xx
    // and the cursor's write. A kill leaves at most one message in flight per connector the
    // victim held; two deliverers sending for one connector would send thousands twice.
    const duplicates = [...receivers.values()].reduce((sum, r) => sum + r.duplicates, 0);
    expect(duplicates).toBeLessThanOrEqual(KILLS * tools.length);
    console.log(
      `webhook crash test: ${kills} kills, ${total} deliveries to ${tools.length} receivers in ` +
        `${elapsedS.toFixed(1)} s, ${duplicates} duplicates dropped by webhook-id`,
    );
  });
});
