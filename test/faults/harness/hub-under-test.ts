import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { parseConfig } from '@maillage/config';
import { sharedTerritory } from '@maillage/directory';
import type { FeedItem } from '@maillage/dispatcher';
import { WebhookWriter } from '@maillage/delivery/testing';
import { type AppName, AppSupervisor } from './app-supervisor';
import type { StoredEvent } from './invariant-checker';
import type { DrivenTool } from './load-driver';
import type { PrivateKafka } from './private-kafka';
import type { PrivatePostgres } from './private-postgres';

export interface HubOptions {
  readonly postgres: PrivatePostgres;
  readonly kafka: PrivateKafka;
  /** The suite's directory (logs). */
  readonly dir: string;
  /** The apps' transpiled sources, kept from run to run (keyed by path and content). */
  readonly cacheDir: string;
  readonly name: string;
  /** Communes' tools (commune-v1), each filing with its own key. */
  readonly communes: number;
  /** Apps to run; `deliverer` only for scenarios with webhooks. */
  readonly apps: readonly AppName[];
  /** Preloads of the relay: the broken build's patch, for the first test only. */
  readonly relayPreload?: readonly string[];
  /** Webhook URLs by connector index (-1: the département's tool). */
  readonly webhooks?: ReadonlyMap<number, string>;
}

/** A connector of the scenario, and its webhook secret when it has a webhook. */
export interface HubTool extends DrivenTool {
  readonly secret: string | null;
}

/**
 * One scenario's hub: a schema of its own in the private PostgreSQL, topics of its own on the
 * private broker (events topic, client id and connector ids carry the scenario's name), the
 * connectors registered with their keys (and webhooks), and every app in its own process —
 * gateway (HTTP ingest, projection off), relay, dispatcher, projector, deliverer — as in
 * bench/sustained.
 */
export class HubUnderTest {
  readonly apps = new Map<AppName, AppSupervisor>();
  readonly filers: HubTool[] = [];
  target!: HubTool;
  gatewayPort = 0;
  readonly schema: string;
  readonly env: Record<string, string>;
  private readonly run = randomBytes(3).toString('hex');

  constructor(private readonly options: HubOptions) {
    this.schema = `faults_${options.name}_${this.run}`;
    const dataDir = join(options.dir, `${options.name}-${this.run}`);
    mkdirSync(dataDir, { recursive: true });
    this.env = {
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      MAILLAGE_HUB_SECRET: `faults-${this.run}-secret-faults-secret-0123456789`,
      MAILLAGE_DATA_DIR: dataDir,
      MAILLAGE_EVENT_STORE: 'postgres',
      DATABASE_URL: options.postgres.url,
      MAILLAGE_PG_SCHEMA: this.schema,
      MAILLAGE_PG_POOL_SIZE: '4',
      KAFKA_BROKERS: options.kafka.brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: `maillage.events.faults-${options.name}-${this.run}`,
      MAILLAGE_KAFKA_CLIENT_ID: `faults-${options.name}-${this.run}`,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_AUDIT_CHECKPOINT_INTERVAL: '0',
      MAILLAGE_RATE_LIMIT_PER_SECOND: '0',
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      MAILLAGE_WEBHOOK_POLL_MS: '100',
      MAILLAGE_WEBHOOK_TIMEOUT_MS: '1000',
      // About 20 s of retries before a dead letter: longer than the network cuts played.
      MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.2,0.5,1,2,3,5,5,5',
      MAILLAGE_SECURITY_LOG_DIR: 'off',
    };
  }

  get dataDir(): string {
    return this.env['MAILLAGE_DATA_DIR']!;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.gatewayPort}`;
  }

  get connectorIds(): string[] {
    return [...this.filers.map((tool) => tool.id), this.target.id];
  }

  app(name: AppName): AppSupervisor {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not part of this scenario`);
    return app;
  }

  /** Registers the connectors, then starts the apps (the gateway last answers /health/live). */
  async start(): Promise<void> {
    const writer = await this.writer();
    try {
      const territory = sharedTerritory();
      const codes: string[] = [];
      for (let n = 1; codes.length < this.options.communes && n < 500; n++) {
        const code = `45${String(n).padStart(3, '0')}`;
        if (territory.commune(code)) codes.push(code);
      }
      for (const [index, inseeCode] of codes.entries()) {
        this.filers.push(
          await this.register(writer, index, {
            id: `f${this.run}-${this.options.name}-c${index}`,
            authority: `commune:${inseeCode}`,
            dialect: 'commune-v1',
            inseeCode,
          }),
        );
      }
      this.target = await this.register(writer, -1, {
        id: `f${this.run}-${this.options.name}-loiret`,
        authority: 'departement:45',
        dialect: 'departement-v1',
        inseeCode: '45234',
      });
    } finally {
      await writer.close();
    }
    this.gatewayPort = await freePort();
    for (const name of this.options.apps) {
      const app = new AppSupervisor({
        name,
        dir: this.dataDir,
        cacheDir: this.options.cacheDir,
        env:
          name === 'gateway'
            ? // The tools file over HTTP: the gateway runs without the Kafka inbound.
              { ...this.env, MAILLAGE_PROJECTION: 'off', KAFKA_BROKERS: '' }
            : this.env,
        ...(name === 'gateway' ? { port: this.gatewayPort } : {}),
        ...(name === 'relay' && this.options.relayPreload
          ? { preload: this.options.relayPreload }
          : {}),
      });
      this.apps.set(name, app);
    }
    // In the order of the flow, each ready before the next: the relay creates the events topic
    // the dispatcher subscribes to, the dispatcher the out-topics the subscribers read.
    const order: AppName[] = ['relay', 'dispatcher', 'projector', 'deliverer', 'gateway'];
    for (const name of order) {
      const app = this.apps.get(name);
      if (!app) continue;
      await app.start();
      if (name === 'relay') await this.waitForTopics([this.env['MAILLAGE_EVENTS_TOPIC']!]);
      if (name === 'dispatcher')
        await this.waitForTopics(this.connectorIds.map((id) => `maillage.out.${id}.v1`));
    }
  }

  /** Resolves once the relay's checkpoint reached the head of the log: it is relaying. */
  async waitRelaying(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while ((await this.relayLag()) > 0) {
      if (Date.now() > deadline) throw new Error('the relay did not catch up within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Events of the events topic the dispatcher has not committed yet (all partitions). A
   * dispatcher restarted after a kill -9 gets its partitions only once the group forgot the dead
   * member (its session timeout): until then this stays above 0.
   */
  async dispatcherLag(): Promise<number> {
    const topic = this.env['MAILLAGE_EVENTS_TOPIC']!;
    const admin = new Kafka({
      clientId: `${this.env['MAILLAGE_KAFKA_CLIENT_ID']}-harness`,
      brokers: this.options.kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({
          groupId: `${this.env['MAILLAGE_KAFKA_CLIENT_ID']}.dispatcher`,
          topics: [topic],
        }),
      ]);
      const done = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]),
      );
      return ends.reduce(
        (sum, end) => sum + Math.max(0, Number(end.high) - (done.get(end.partition) ?? 0)),
        0,
      );
    } finally {
      await admin.disconnect();
    }
  }

  private async waitForTopics(topics: readonly string[]): Promise<void> {
    const admin = new Kafka({
      clientId: `${this.env['MAILLAGE_KAFKA_CLIENT_ID']}-harness`,
      brokers: this.options.kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    const deadline = Date.now() + 120_000;
    try {
      for (;;) {
        const existing = new Set(await admin.listTopics());
        if (topics.every((topic) => existing.has(topic))) return;
        if (Date.now() > deadline)
          throw new Error(`topics not created within 120 s: ${topics[0]}…`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** Every app stopped (SIGTERM), whatever state it is in. */
  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((app) => app.stop()));
  }

  /** The store's events, in log order. */
  async storedEvents(): Promise<StoredEvent[]> {
    return this.query(async (client) => {
      const result = await client.query<{
        event_id: string;
        stream_id: string;
        revision: number;
        type: string;
        detail: string | null;
        recorded_at: string;
      }>(
        `SELECT event_id, stream_id, revision, type,
                COALESCE(data->>'text', data->>'to') AS detail,
                (extract(epoch FROM recorded_at) * 1000)::bigint AS recorded_at
           FROM ${this.schema}.events ORDER BY position`,
      );
      return result.rows.map((row) => ({
        eventId: row.event_id,
        streamId: row.stream_id,
        revision: row.revision,
        type: row.type,
        detail: row.detail,
        recordedAt: Number(row.recorded_at),
      }));
    });
  }

  /** Head of the log minus the relay's checkpoint. */
  async relayLag(): Promise<number> {
    return this.query(async (client) => {
      const result = await client.query<{ lag: string }>(
        `SELECT (SELECT position FROM ${this.schema}.log_head)
              - COALESCE((SELECT position FROM ${this.schema}.checkpoints WHERE subscriber = 'relay'), 0) AS lag`,
      );
      return Number(result.rows[0]!.lag);
    });
  }

  /** What each connector must receive, in order: its feed, computed from the store. */
  async expectedFor(connectorIds: readonly string[]): Promise<Map<string, FeedItem[]>> {
    const writer = await this.writer();
    try {
      const expected = new Map<string, FeedItem[]>();
      for (const id of connectorIds) expected.set(id, await writer.expected(id));
      return expected;
    } finally {
      await writer.close();
    }
  }

  /** Drops the scenario's schemas. */
  async dropSchemas(): Promise<void> {
    await this.query((client) =>
      client.query(
        ['', '_read', '_audit', '_keys']
          .map((suffix) => `DROP SCHEMA IF EXISTS ${this.schema}${suffix} CASCADE`)
          .join('; '),
      ),
    ).catch(() => undefined);
  }

  private async writer(): Promise<WebhookWriter> {
    return WebhookWriter.open(parseConfig(this.env));
  }

  private async register(
    writer: WebhookWriter,
    index: number,
    tool: { id: string; authority: string; dialect: string; inseeCode: string },
  ): Promise<HubTool> {
    const url = this.options.webhooks?.get(index) ?? null;
    const { key } = await writer.connectors.register({
      id: tool.id,
      authority: tool.authority,
      name: tool.id,
      dialect: tool.dialect,
      delivery: { kafka: true, webhook: url === null ? null : { url } },
    });
    const secret = url === null ? null : await writer.issueSecret(tool.id);
    return {
      id: tool.id,
      inseeCode: tool.inseeCode,
      authorization: `Bearer ${key.key}`,
      secret,
    };
  }

  private async query<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.options.postgres.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
