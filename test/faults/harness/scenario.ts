import type { FeedItem } from '@maillage/dispatcher';
import { type ApplyingReceiver } from '@maillage/delivery/testing';
import type { AppName } from './app-supervisor';
import { HubUnderTest } from './hub-under-test';
import {
  checkInvariants,
  type Delivery,
  type InvariantReport,
  type StoredEvent,
  type SubscriberRecord,
} from './invariant-checker';
import { LoadDriver } from './load-driver';
import { OutTopicSubscribers } from './out-topic-subscribers';
import type { PrivateKafka } from './private-kafka';
import type { PrivatePostgres } from './private-postgres';
import { SeededRandom } from './seeded-random';

/** The suite's shared services and sizes (see faults.fault-spec.ts). */
export interface FaultEnvironment {
  readonly postgres: PrivatePostgres;
  readonly kafka: PrivateKafka;
  readonly dir: string;
  readonly cacheDir: string;
  /** 1 in CI; the nightly run sets FAULT_SCALE higher (more tools, lanes and faults). */
  readonly scale: number;
}

export interface ScenarioContext {
  readonly hub: HubUnderTest;
  readonly driver: LoadDriver;
  readonly random: SeededRandom;
  readonly env: FaultEnvironment;
  /** Resolves once `count` more calls were acknowledged (the load is flowing). */
  acknowledged(count: number): Promise<void>;
}

export interface ScenarioDefinition {
  readonly name: string;
  readonly seed: number;
  readonly apps: readonly AppName[];
  readonly relayPreload?: readonly string[];
  /** Webhook receivers, by connector index (-1: the département's tool), and their URL. */
  readonly webhooks?: ReadonlyMap<number, { receiver: ApplyingReceiver; url: string }>;
  /** Plays the faults while the load runs; the load stops when it resolves. */
  readonly faults: (context: ScenarioContext) => Promise<void>;
}

export interface ScenarioResult {
  readonly report: InvariantReport;
  /** The store's events, as checked. */
  readonly stored: readonly StoredEvent[];
  readonly driver: LoadDriver;
  readonly hub: HubUnderTest;
  /** Apps found dead after the faults (not killed by the harness), restarted to drain. */
  readonly crashedOnTheirOwn: readonly string[];
  readonly seconds: number;
  /** Seconds spent in each phase: start, load and faults, delivery, check. */
  readonly phases: string;
}

/**
 * Runs one scenario: a hub of its own, the seeded load, the faults; then every app and service
 * is brought back, the subscribers read until they have what the store says they must have (or
 * nothing moves any more), and the invariants are checked.
 */
export async function runScenario(
  env: FaultEnvironment,
  definition: ScenarioDefinition,
): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const hub = new HubUnderTest({
    postgres: env.postgres,
    kafka: env.kafka,
    dir: env.dir,
    cacheDir: env.cacheDir,
    name: definition.name,
    communes: 5 * env.scale,
    apps: definition.apps,
    ...(definition.relayPreload ? { relayPreload: definition.relayPreload } : {}),
    ...(definition.webhooks
      ? {
          webhooks: new Map([...definition.webhooks].map(([index, hook]) => [index, hook.url])),
        }
      : {}),
  });
  let subscribers: OutTopicSubscribers | null = null;
  const phases: string[] = [];
  let phaseStart = Date.now();
  const phase = (name: string): void => {
    phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(0)}`);
    phaseStart = Date.now();
  };
  try {
    await hub.start();
    phase('start');
    for (const [index, hook] of definition.webhooks ?? []) {
      const tool = index === -1 ? hub.target : hub.filers[index]!;
      hook.receiver.verifyWith(tool.secret!);
    }
    const random = new SeededRandom(definition.seed);
    const driver = new LoadDriver({
      baseUrl: hub.baseUrl,
      filers: hub.filers,
      target: hub.target,
      seed: random.fork().next() * 2 ** 32,
      runId: `${definition.name}-${definition.seed}`,
      concurrency: 4 * env.scale,
    });
    let loading = true;
    const load = driver.run(() => !loading);
    const acknowledged = async (count: number): Promise<void> => {
      const target = ackCount(driver) + count;
      const deadline = Date.now() + 120_000;
      while (ackCount(driver) < target) {
        if (Date.now() > deadline)
          throw new Error(`the load did not get ${count} answers in 120 s`);
        await pause(50);
      }
    };
    try {
      await definition.faults({ hub, driver, random, env, acknowledged });
    } finally {
      loading = false;
      driver.release();
      await load;
    }
    phase('load+faults');

    // Everything back up: what the harness killed is already restarted; what died on its own is
    // restarted now and reported.
    const crashedOnTheirOwn: string[] = [];
    for (const app of hub.apps.values()) {
      if (!app.running) {
        crashedOnTheirOwn.push(app.name);
        await app.start();
      }
    }

    subscribers = new OutTopicSubscribers(
      env.kafka.brokers,
      hub.connectorIds,
      `faults-reader-${definition.name}-${definition.seed}-${Date.now()}`,
    );
    await subscribers.start();
    const expected = await hub.expectedFor(hub.connectorIds);
    phase('feeds');
    await waitForDelivery(hub, subscribers, expected, definition.webhooks);
    phase('delivery');

    const kafkaRecords: SubscriberRecord[] = hub.connectorIds.map((connector) => ({
      name: `kafka:${connector}`,
      connector,
      expected: expected.get(connector)!,
      received: subscribers!.received.get(connector)!,
    }));
    const webhookRecords: SubscriberRecord[] = [...(definition.webhooks ?? [])].map(
      ([index, { receiver }]) => {
        const connector = index === -1 ? hub.target.id : hub.filers[index]!.id;
        return {
          name: `webhook:${connector}`,
          connector,
          expected: expected.get(connector)!,
          received: webhookDeliveries(receiver, connector),
        };
      },
    );
    const stored = await hub.storedEvents();
    const report = checkInvariants({
      outcomes: driver.outcomes,
      stored,
      subscribers: [...kafkaRecords, ...webhookRecords],
      filerSubscriber: (connector) => kafkaRecords.find((r) => r.connector === connector),
    });
    phase('check');
    return {
      report,
      stored,
      driver,
      hub,
      crashedOnTheirOwn,
      seconds: (Date.now() - startedAt) / 1000,
      phases: phases.join(', '),
    };
  } finally {
    await subscribers?.stop().catch(() => undefined);
    await hub.stop();
    await hub.dropSchemas();
  }
}

/**
 * Waits until every subscriber has its feed, or until nothing arrived for 5 s once the relay
 * and the dispatcher caught up (a loss: waiting longer would change nothing), or 180 s.
 */
async function waitForDelivery(
  hub: HubUnderTest,
  subscribers: OutTopicSubscribers,
  expected: Map<string, FeedItem[]>,
  webhooks: ScenarioDefinition['webhooks'],
): Promise<void> {
  const total =
    [...expected.values()].reduce((sum, items) => sum + items.length, 0) +
    [...(webhooks ?? [])].reduce((sum, [index]) => {
      const id = index === -1 ? hub.target.id : hub.filers[index]!.id;
      return sum + expected.get(id)!.length;
    }, 0);
  const progress = (): number =>
    subscribers.distinct() +
    [...(webhooks ?? [])].reduce((sum, [, { receiver }]) => sum + receiver.applied.length, 0);
  const deadline = Date.now() + 180_000;
  let last = -1;
  let lastMoved = Date.now();
  while (progress() < total && Date.now() < deadline) {
    const now = progress();
    if (now !== last) {
      last = now;
      lastMoved = Date.now();
    } else if (
      Date.now() - lastMoved > 5_000 &&
      (await hub.relayLag()) === 0 &&
      (await hub.dispatcherLag().catch(() => 1)) === 0
    ) {
      // Everything was relayed and dispatched, and nothing arrives any more.
      return;
    }
    await pause(250);
  }
  // A moment more: duplicates still in flight are counted too.
  await pause(1000);
}

/** A webhook receiver's first arrivals as the checker reads them (ids back to event ids). */
function webhookDeliveries(receiver: ApplyingReceiver, connector: string): Delivery[] {
  const requestOf = new Map<string, string>();
  for (const [requestId, ids] of receiver.byRequest)
    for (const id of ids) requestOf.set(id, requestId);
  const prefix = 'msg_';
  const suffix = `_${connector}`;
  return receiver.applied.map((webhookId) => ({
    id:
      webhookId.startsWith(prefix) && webhookId.endsWith(suffix)
        ? webhookId.slice(prefix.length, -suffix.length)
        : webhookId,
    requestId: requestOf.get(webhookId) ?? '',
  }));
}

function ackCount(driver: LoadDriver): number {
  return driver.outcomes.filter((o) => o.result === 'acknowledged').length;
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
