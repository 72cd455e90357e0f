import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApplyingReceiver, startApplyingReceiver } from '@maillage/delivery/testing';
import type { AppName } from './harness/app-supervisor';
import { FaultProxy } from './harness/fault-proxy';
import { describeViolations, type InvariantReport } from './harness/invariant-checker';
import { PrivateKafka } from './harness/private-kafka';
import { PrivatePostgres } from './harness/private-postgres';
import {
  type FaultEnvironment,
  pause,
  runScenario,
  type ScenarioContext,
  type ScenarioResult,
} from './harness/scenario';

/**
 * The fault-injection suite (`npm run test:faults`): each scenario runs the hub as separate
 * processes (gateway, relay, dispatcher, projector, and the deliverer for webhooks) on a
 * PostgreSQL cluster and a Kafka broker of the suite's own, drives a seeded load through the HTTP
 * API, injects its faults, then checks what every subscriber received (see invariant-checker.ts).
 *
 * The first test runs a deliberately broken relay (checkpoint saved before Kafka's
 * acknowledgement, patched in by broken-relay.register.js) through the broker scenario and must
 * see the checker report a loss; if it does not, the suite cannot catch that bug, and every
 * later test fails without running.
 *
 * FAULT_SEED (default 1) seeds the load and the fault schedule; FAULT_SEEDS (default 1) runs each
 * scenario with that many consecutive seeds; FAULT_SCALE (default 1) multiplies the tools (5 per
 * unit), the parallel requests (4 per unit) and the kills (8 per unit).
 */
const SEED = Number(process.env['FAULT_SEED'] ?? 1);
const SEEDS = Number(process.env['FAULT_SEEDS'] ?? 1);
const SCALE = Number(process.env['FAULT_SCALE'] ?? 1);
const PIPELINE: AppName[] = ['gateway', 'relay', 'dispatcher', 'projector'];
const BROKEN_RELAY = join(__dirname, 'harness', 'broken-relay.register.js');
/** A healthy receiver's slowest delivery while another one's network is cut, at least (2-core CI). */
const OTHERS_MAX_LATENCY_MS = 3000;
const seeds = Array.from({ length: SEEDS }, (_, i) => SEED + i);

jest.setTimeout(900_000);

describe('fault injection', () => {
  let env: FaultEnvironment;
  let dir: string;
  let brokenBuildCaught = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-faults-'));
    const [postgres, kafka] = await Promise.all([
      PrivatePostgres.create(Number(process.env['FAULT_PG_PORT'] ?? 55433)),
      PrivateKafka.create(Number(process.env['FAULT_KAFKA_PORT'] ?? 9392)),
    ]);
    env = {
      postgres,
      kafka,
      dir,
      // Kept from run to run: transpiling the apps is most of a cold start.
      cacheDir: process.env['FAULT_TS_CACHE'] ?? join(tmpdir(), 'maillage-faults-transpiled'),
      scale: SCALE,
    };
  }, 300_000);

  afterAll(async () => {
    await env?.kafka.destroy();
    await env?.postgres.destroy();
    if (dir && !process.env['FAULT_KEEP']) rmSync(dir, { recursive: true, force: true });
  });

  /** The later tests count only once the checker has caught the broken build. */
  const requireBrokenBuildCaught = (): void => {
    if (!brokenBuildCaught)
      throw new Error('the broken-build check did not pass: this suite proves nothing');
  };

  /** Broker kill -9 while filing, the relay killed during the outage, then both back. */
  const brokerOutage = async ({ hub, driver, env, acknowledged }: ScenarioContext) => {
    await acknowledged(30);
    // The broker dies while the relay is idle, everything before acknowledged and checkpointed:
    // every event after it finds the broker gone (one in flight might have reached it).
    await driver.hold();
    await hub.waitRelaying();
    const lagBefore = await hub.relayLag();
    await env.kafka.kill();
    driver.markWindow(true);
    driver.release();
    await acknowledged(20 * env.scale);
    await pause(2000);
    const lagDuring = await hub.relayLag();
    await hub.app('relay').kill();
    await acknowledged(10);
    driver.markWindow(false);
    await env.kafka.start();
    await hub.app('relay').start();
    // The load goes on: drained means the lag came down to 0 once.
    const deadline = Date.now() + 120_000;
    let lagAfter = await hub.relayLag();
    while (lagAfter > 0 && Date.now() < deadline) {
      await pause(250);
      lagAfter = await hub.relayLag();
    }
    return { lagBefore, lagDuring, lagAfter };
  };

  it('catches a deliberately broken build (relay checkpointing before Kafka acknowledged)', async () => {
    const result = await runScenario(env, {
      name: 'broken',
      seed: SEED,
      apps: PIPELINE,
      relayPreload: [BROKEN_RELAY],
      faults: async (context) => {
        await brokerOutage(context);
      },
    });
    log('broken build', result);
    const lost = result.report.violations.filter(
      (v) => v.invariant === 'lost' || v.invariant === 'acknowledged-not-delivered-to-filer',
    );
    expect(lost.length).toBeGreaterThan(0);
    brokenBuildCaught = true;
  });

  describe.each(seeds)('seed %i', (seed) => {
    it('kill -9 of the gateway, relay, dispatcher and projector, repeatedly during load', async () => {
      requireBrokenBuildCaught();
      const kills = 8 * SCALE;
      const result = await runScenario(env, {
        name: 'kills',
        seed,
        apps: PIPELINE,
        faults: async ({ hub, random, acknowledged }) => {
          await acknowledged(20);
          for (let n = 0; n < kills; n++) {
            // Every app in turn, the moment of the kill drawn by the seed.
            const victim = hub.app(PIPELINE[n % PIPELINE.length]!);
            await pause(random.int(500, 2500));
            await victim.kill();
            await pause(random.int(100, 1000));
            await victim.start();
            await acknowledged(5);
          }
        },
      });
      log('app kills', result);
      expectHolds(result.report);
      const killed = [...result.hub.apps.values()].reduce((sum, app) => sum + app.kills, 0);
      expect(killed).toBe(kills);
      expect(result.driver.stats.networkErrors).toBeGreaterThan(0);
    });

    it('PostgreSQL stopped (-m immediate) during appends: 503 while down, nothing acknowledged lost', async () => {
      requireBrokenBuildCaught();
      const result = await runScenario(env, {
        name: 'pgstop',
        seed,
        apps: PIPELINE,
        faults: async ({ env, driver, random, acknowledged }) => {
          for (let n = 0; n < SCALE; n++) {
            await acknowledged(30);
            await pause(random.int(0, 500));
            await env.postgres.stopImmediate();
            const unavailable = driver.stats.unavailable;
            const deadline = Date.now() + 10_000;
            while (driver.stats.unavailable === unavailable && Date.now() < deadline)
              await pause(50);
            await pause(2000);
            await env.postgres.start();
          }
          await acknowledged(30);
        },
      });
      log('PostgreSQL stop', result);
      expectHolds(result.report);
      expect(result.driver.stats.unavailable).toBeGreaterThan(0);
      expect([...result.driver.stats.unavailableCodes]).toContain('STORE.UNAVAILABLE');
    });

    it('Kafka broker killed and restarted: filing goes on, the relay lag grows then drains', async () => {
      requireBrokenBuildCaught();
      let lags = { lagBefore: 0, lagDuring: 0, lagAfter: -1 };
      const result = await runScenario(env, {
        name: 'broker',
        seed,
        apps: PIPELINE,
        faults: async (context) => {
          lags = await brokerOutage(context);
        },
      });
      log(
        `broker kill (relay lag ${lags.lagBefore} → ${lags.lagDuring} → ${lags.lagAfter})`,
        result,
      );
      expectHolds(result.report);
      expect(result.driver.stats.acknowledgedInWindow).toBeGreaterThanOrEqual(30);
      expect(lags.lagDuring).toBeGreaterThan(lags.lagBefore);
      expect(lags.lagAfter).toBe(0);
    });

    it("a webhook subscriber's network cut, delayed, duplicated and reordered: its backlog arrives, the others are not slowed", async () => {
      requireBrokenBuildCaught();
      const receivers: ApplyingReceiver[] = [];
      for (let i = 0; i < 3; i++) receivers.push(await startApplyingReceiver());
      const [cutReceiver, ...others] = receivers as [ApplyingReceiver, ...ApplyingReceiver[]];
      const proxy = await FaultProxy.start(Number(new URL(cutReceiver.url).port));
      const cut = { from: 0, to: 0 };
      try {
        const result = await runScenario(env, {
          name: 'netcut',
          seed,
          apps: [...PIPELINE, 'deliverer'],
          webhooks: new Map([
            [-1, { receiver: cutReceiver, url: `http://127.0.0.1:${proxy.port}/maillage` }],
            [0, { receiver: others[0]!, url: others[0]!.url }],
            [1, { receiver: others[1]!, url: others[1]!.url }],
          ]),
          faults: async ({ random, acknowledged }) => {
            await acknowledged(30);
            cut.from = Date.now();
            proxy.setMode('cut');
            await pause(random.int(5000, 8000));
            cut.to = Date.now();
            for (const mode of ['delay', 'duplicate', 'reorder', 'pass'] as const) {
              proxy.setMode(mode);
              await acknowledged(10);
              await pause(random.int(1000, 2000));
            }
          },
        });
        // Latency of each receiver for the events recorded while the network was cut.
        const recordedAt = new Map(result.stored.map((event) => [event.eventId, event.recordedAt]));
        const latencies = (receiver: ApplyingReceiver, from: number, to: number): number[] =>
          [...receiver.appliedAt]
            .map(([webhookId, at]) => ({ id: webhookId.split('_')[1]!, at }))
            .filter(({ id }) => {
              const t = recordedAt.get(id);
              return t !== undefined && t >= from && t < to;
            })
            .map(({ id, at }) => at - recordedAt.get(id)!)
            .sort((a, b) => a - b);
        const othersMax = others.map(
          (receiver) => latencies(receiver, cut.from, cut.to).at(-1) ?? NaN,
        );
        // The same receivers' slowest over as long a time just before the cut: their usual pace
        // on this machine, whatever else runs on it.
        const before = cut.from - (cut.to - cut.from);
        const usualMax = Math.max(
          ...others.map((receiver) => latencies(receiver, before, cut.from).at(-1) ?? 0),
        );
        const cutLatencies = latencies(cutReceiver, cut.from, cut.to);
        const backlogAfterReturn = [...cutReceiver.appliedAt.values()].filter(
          (at) => at >= cut.to,
        ).length;
        log(
          `network cut ${((cut.to - cut.from) / 1000).toFixed(1)} s (others' slowest delivery of ` +
            `what was recorded meanwhile: ${othersMax.map((ms) => `${ms} ms`).join(', ')}, ` +
            `before it: ${usualMax} ms; the cut ` +
            `one's: ${cutLatencies.at(-1)} ms, ${backlogAfterReturn} messages after it returned; ` +
            `${proxy.replayed} copies replayed, ${cutReceiver.duplicates} dropped by webhook-id)`,
          result,
        );
        expectHolds(result.report);
        // The others kept their pace: nothing recorded during the cut waited for its end (and
        // none was slower than a margin over their pace before it).
        for (const ms of othersMax) {
          expect(ms).toBeLessThan(cut.to - cut.from);
          expect(ms).toBeLessThan(Math.max(OTHERS_MAX_LATENCY_MS, 2 * usualMax));
        }
        expect(cutLatencies.length).toBeGreaterThan(0);
        expect(backlogAfterReturn).toBeGreaterThan(0);
        expect(proxy.replayed).toBeGreaterThan(0);
        expect(cutReceiver.duplicates).toBeGreaterThan(0);
        for (const receiver of receivers) expect(receiver.rejected).toBe(0);
      } finally {
        await proxy.close();
        await Promise.all(receivers.map((receiver) => receiver.close()));
      }
    });
  });
});

function expectHolds(report: InvariantReport): void {
  if (report.violations.length > 0) throw new Error(describeViolations(report));
  expect(report.counts.acknowledged).toBeGreaterThan(0);
  expect(report.counts.expectedDeliveries).toBeGreaterThan(0);
}

/** One line per scenario: counts only (no payload, no personal data). */
function log(what: string, result: ScenarioResult): void {
  const { counts, violations } = result.report;
  const kills = [...result.hub.apps.values()]
    .filter((app) => app.kills > 0)
    .map((app) => `${app.name}×${app.kills}`)
    .join(' ');
  console.log(
    `faults: ${what}: ${result.seconds.toFixed(0)} s (${result.phases}); ${counts.acknowledged} calls acknowledged, ` +
      `${counts.gaveUp} given up, ${result.driver.stats.unavailable} answers 503, ` +
      `${result.driver.stats.networkErrors} network errors; ${counts.storedEvents} events stored; ` +
      `${counts.expectedDeliveries} deliveries expected, ${counts.receivedDeliveries} received ` +
      `(${counts.duplicatesDropped} duplicates dropped); kills: ${kills || 'none'}; ` +
      `died on their own: ${result.crashedOnTheirOwn.join(' ') || 'none'}; ` +
      `violations: ${violations.length === 0 ? 'none' : describeViolations(result.report)}`,
  );
}
