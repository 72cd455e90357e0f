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
import { ConsumerMonitoring } from '@maillage/observability';
import {
  DLQ_TOPIC_SPEC,
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

const INBOX_BUS = Symbol('INBOX_BUS');
const IN_PARTITIONS = 3;
const IN_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Other gateway instances may register connectors: look for new ones this often. */
const REFRESH_MS = 30_000;

/**
 * The gateway's Kafka inbound: one consumer per active connector on `maillage.in.<id>.v1`
 * (group `<client id>.gateway.in.<id>`), each message decoded by the connector's dialect into a
 * command, exactly like the HTTP ingest. A message that does not fit goes to the dead-letter topic
 * with the field and the reason; the next ones go on. On Kafka, who may write to a connector's
 * in-topic is the broker's ACLs' business (SASL identity per connector, see the deployment docs).
 */
@Module({
  imports: [ConnectorsModule],
  providers: [
    {
      provide: INBOX_BUS,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig): MessageBus => {
        if (!config.kafka) throw new Error('The Kafka inbound needs KAFKA_BROKERS');
        return new KafkaMessageBus(kafkaBusOptions(config.kafka, 'gateway-in'));
      },
    },
  ],
})
export class ConnectorInboxModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('ConnectorInbox');
  private readonly running = new Map<string, RunningConsumer>();
  private dedup: OpenedProcessedMessages | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private sync: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectors: Connectors,
    private readonly ingest: ConnectorIngest,
    @Inject(INBOX_BUS) private readonly bus: MessageBus,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
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
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    await this.sync;
    await Promise.all([...this.running.values()].map((consumer) => consumer.stop()));
    this.running.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.dedup?.close();
  }

  /** Starts a consumer for each active connector not yet followed; stops disabled ones. */
  private follow(connectors: readonly Connector[]): Promise<void> {
    this.sync = this.sync.then(async () => {
      const started = connectors.filter(
        (connector) => connector.status === 'active' && !this.running.has(connector.id),
      );
      if (started.length > 0) {
        await this.bus.ensureTopics(
          started.map((connector) => ({
            name: inTopic(connector.id),
            partitions: IN_PARTITIONS,
            retentionMs: IN_RETENTION_MS,
          })),
        );
      }
      for (const connector of started) {
        this.running.set(connector.id, await this.start(connector.id));
      }
      for (const connector of connectors) {
        const consumer = this.running.get(connector.id);
        if (connector.status !== 'active' && consumer) {
          this.running.delete(connector.id);
          await consumer.stop();
        }
      }
    });
    return this.sync;
  }

  private start(connectorId: string): Promise<RunningConsumer> {
    return runConsumer({
      bus: this.bus,
      groupId: `${this.config.kafka?.clientId ?? 'maillage'}.gateway.in.${connectorId}`,
      topic: inTopic(connectorId),
      dedupStore: this.dedup!.store,
      messageIdOf: inboundMessageId,
      logger: this.logger,
      ...this.monitoring?.forConsumer(),
      handle: async (message) => {
        // The connector is read again per message: a disabled one stops being obeyed at once.
        const connector = await this.connectors.require(connectorId);
        if (connector.status !== 'active') {
          throw new ConnectorsError('CONNECTOR.DISABLED', `connector ${connectorId} is disabled`);
        }
        const inbound = readInboundMessage(message);
        const context = { idempotencyKey: `kafka:${inboundMessageId(message)}`.slice(0, 255) };
        if (inbound.kind === 'filing') {
          await this.ingest.file(connector, inbound.payload, context);
        } else {
          await this.ingest.update(connector, inbound.reference, inbound.payload, context);
        }
      },
    });
  }
}
