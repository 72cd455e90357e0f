import {
  type BeforeApplicationShutdown,
  Inject,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { DeadLettersModule, DeadLetterVault } from '@maillage/dead-letters';
import { ConsumerMonitoring } from '@maillage/observability';
import {
  type ConsumedRecordsPurger,
  DLQ_TOPIC_SPEC,
  KafkaConsumedRecordsPurger,
  KafkaMessageBus,
  kafkaBusOptions,
  type MessageBus,
  type OpenedProcessedMessages,
  type RunningConsumer,
  inTopic,
  openProcessedMessages,
  runConsumer,
} from '@maillage/messaging';
import type { Connector } from '../connector';
import { Connectors } from '../connectors';
import { ConnectorsError } from '../connectors.error';
import { ConnectorsModule } from '../connectors.module';
import { consumerStateLocation } from '../consumer-state-location';
import { ConnectorIngest } from '../ingest/connector-ingest';
import { inboundMessageId, readInboundMessage } from './inbound-message';
import { securityLog } from '../security-log';

const INBOX_BUS = Symbol('INBOX_BUS');
const INBOX_PURGER = Symbol('INBOX_PURGER');
const IN_PARTITIONS = 3;
const IN_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Other gateway instances may register connectors: look for new ones this often. */
const REFRESH_MS = 30_000;

/** The gateway's consumer group on the in-topics (`<client id>.gateway.in`). */
export function inboxGroup(config: MaillageConfig): string {
  return `${config.kafka?.clientId ?? 'maillage'}.gateway.in`;
}

/** Domain refusals that mean a tool tried to act on a request its authority has no part in. */
const CROSS_AUTHORITY_CODES = new Set(['REQUEST.NOT_INVOLVED', 'REQUEST.NOT_A_TARGET']);

/**
 * The gateway's Kafka inbound: one consumer per active connector on `maillage.in.<id>.v1`
 * (group `<client id>.gateway.in.<id>`), each message decoded by the connector's dialect into a
 * command, exactly like the HTTP ingest. A message that does not fit goes to the dead-letter topic
 * with the field and the reason; the next ones go on. On Kafka, who may write to a connector's
 * in-topic is the broker's ACLs' business (SASL identity per connector, see the deployment docs).
 */
@Module({
  imports: [ConnectorsModule, DeadLettersModule],
  providers: [
    {
      provide: INBOX_BUS,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig): MessageBus => {
        if (!config.kafka) throw new Error('The Kafka inbound needs KAFKA_BROKERS');
        return new KafkaMessageBus(kafkaBusOptions(config.kafka, 'gateway-in'));
      },
    },
    {
      provide: INBOX_PURGER,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig): ConsumedRecordsPurger | null =>
        config.kafka && config.kafka.inPurgeIntervalMs > 0
          ? new KafkaConsumedRecordsPurger(kafkaBusOptions(config.kafka, 'gateway-in'))
          : null,
    },
  ],
})
export class ConnectorInboxModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('ConnectorInbox');
  private running: RunningConsumer | null = null;
  /** Active connectors, and those whose in-topics the running consumer reads (sorted). */
  private readonly active = new Set<string>();
  private following: string[] = [];
  private dedup: OpenedProcessedMessages | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private purging: NodeJS.Timeout | null = null;
  private purge: Promise<void> = Promise.resolve();
  private sync: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectors: Connectors,
    private readonly ingest: ConnectorIngest,
    @Inject(INBOX_BUS) private readonly bus: MessageBus,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
    @Inject(INBOX_PURGER) private readonly purger: ConsumedRecordsPurger | null,
    /** Seals the dead letters: a tool's filing holds its citizen's contact (null without Kafka). */
    @Inject(DeadLetterVault) private readonly vault: DeadLetterVault | null,
    /** Outcomes, dead letters and lag on /metrics, when the app has observability. */
    @Optional() private readonly monitoring?: ConsumerMonitoring,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.dedup = await openProcessedMessages(
      consumerStateLocation(this.config, 'gateway-inbox'),
      'gateway_inbox_processed',
    );
    await this.bus.ensureTopics([DLQ_TOPIC_SPEC]);
    this.connectors.onChange((connector) => this.follow([connector]));
    await this.follow(await this.connectors.list());
    this.refresh = setInterval(() => {
      void this.connectors
        .list()
        .then((all) => this.follow(all))
        .catch((error: unknown) => this.logger.warn(`refresh failed: ${String(error)}`));
    }, REFRESH_MS);
    this.refresh.unref();
    const purgeMs = this.config.kafka?.inPurgeIntervalMs ?? 0;
    if (this.purger && purgeMs > 0) {
      this.purging = setInterval(() => {
        this.purge = this.purge.then(() => this.purgeConsumed());
      }, purgeMs);
      this.purging.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    if (this.purging) clearInterval(this.purging);
    await this.purge;
    await this.sync;
    await this.running?.stop();
    this.running = null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.purger?.close();
    await this.bus.close();
    await this.dedup?.close();
  }

  /**
   * Reads the in-topics of every active connector with one consumer (one group, however many
   * tools: each kafkajs consumer costs a fetch loop, heartbeats and connections). When the set of
   * active connectors changes, the consumer is restarted on the new set of topics: a new tool's
   * topic is read from its beginning, a disabled tool's messages wait in its topic.
   */
  private follow(changed: readonly Connector[]): Promise<void> {
    this.sync = this.sync.then(async () => {
      for (const connector of changed) {
        if (connector.status === 'active') this.active.add(connector.id);
        else this.active.delete(connector.id);
      }
      const wanted = [...this.active].sort();
      if (wanted.join(' ') === this.following.join(' ')) return;
      const added = wanted.filter((id) => !this.following.includes(id));
      if (added.length > 0) {
        await this.bus.ensureTopics(
          added.map((id) => ({
            name: inTopic(id),
            partitions: IN_PARTITIONS,
            retentionMs: IN_RETENTION_MS,
          })),
        );
      }
      await this.running?.stop();
      this.running = null;
      this.following = wanted;
      if (wanted.length > 0) this.running = await this.start(wanted);
    });
    return this.sync;
  }

  /**
   * Deletes from the followed in-topics what the group committed: a record is committed only
   * once its effect is in the store (or it went to the dead letters), after which it is worth
   * nothing in Kafka, while a filing holds the citizen's contact that no erasure could reach
   * there. Never above the committed offsets; a disabled tool's waiting messages are kept.
   */
  private async purgeConsumed(): Promise<void> {
    const topics = this.following.map((id) => inTopic(id));
    if (!this.purger || topics.length === 0) return;
    try {
      const purged = await this.purger.purge(inboxGroup(this.config), topics);
      if (purged.length > 0) {
        this.logger.debug(`purged consumed records of ${purged.length} in-topic partition(s)`);
      }
    } catch (error) {
      // The next purge deletes what this one could not (e.g. no DeleteRecords ACL yet).
      this.logger.warn(`purge of the in-topics failed: ${String((error as Error).message)}`);
    }
  }

  private start(connectorIds: readonly string[]): Promise<RunningConsumer> {
    const byTopic = new Map(connectorIds.map((id) => [inTopic(id), id] as const));
    return runConsumer({
      bus: this.bus,
      groupId: inboxGroup(this.config),
      topic: [...byTopic.keys()],
      dedupStore: this.dedup!.store,
      messageIdOf: inboundMessageId,
      logger: this.logger,
      ...(this.vault ? { deadLetterSealer: this.vault } : {}),
      ...this.monitoring?.forConsumer(),
      handle: async (message) => {
        const connectorId = byTopic.get(message.topic);
        if (connectorId === undefined) {
          throw new ConnectorsError('CONNECTOR.NOT_FOUND', `no connector reads ${message.topic}`);
        }
        // The connector is read again per message: a disabled one stops being obeyed at once.
        const connector = await this.connectors.require(connectorId);
        if (connector.status !== 'active') {
          throw new ConnectorsError('CONNECTOR.DISABLED', `connector ${connectorId} is disabled`);
        }
        const inbound = readInboundMessage(message);
        const context = { idempotencyKey: `kafka:${inboundMessageId(message)}`.slice(0, 255) };
        try {
          if (inbound.kind === 'filing') {
            await this.ingest.file(connector, inbound.payload, context);
          } else {
            await this.ingest.update(connector, inbound.reference, inbound.payload, context);
          }
        } catch (error) {
          // A message acting on a request of another authority: dead-lettered, and a security event.
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && CROSS_AUTHORITY_CODES.has(code)) {
            securityLog.record({
              outcome: 'forbidden',
              code,
              principal: `connector:${connector.id}`,
              authority: connector.authority,
              attempt: `kafka ${message.topic} ${message.partition}@${message.offset}`,
              detail: (error as Error).message,
            });
          }
          throw error;
        }
      },
    });
  }
}
