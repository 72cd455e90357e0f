import {
  type BeforeApplicationShutdown,
  type DynamicModule,
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
  type Connector,
  Connectors,
  ConnectorsModule,
  consumerStateLocation,
} from '@maillage/connectors';
import {
  DLQ_TOPIC_SPEC,
  eventsTopicSpec,
  fromCloudEventMessage,
  KafkaMessageBus,
  kafkaBusOptions,
  type MessageBus,
  type OpenedProcessedMessages,
  type OutgoingMessage,
  openProcessedMessages,
  outTopic,
  type RunningConsumer,
  runConsumer,
  TOPICS,
} from '@maillage/messaging';
import { DispatchCoreModule } from './dispatch-core.module';
import { Dispatcher } from './dispatcher';

const DISPATCHER_BUS = Symbol('DISPATCHER_BUS');

/** Partitions of the events topic (6, see the relay) the dispatcher reads concurrently. */
const EVENTS_PARTITIONS_READ_AT_ONCE = 6;

/**
 * Consumer group of the dispatcher (`<client id>.dispatcher`, `maillage.dispatcher` by default):
 * run more instances to share the events topic's partitions.
 */
export function dispatcherGroup(config: MaillageConfig): string {
  return `${config.kafka?.clientId ?? 'maillage'}.dispatcher`;
}
/** Out-topics: a tool that falls further behind than their retention reads the HTTP API instead. */
const OUT_PARTITIONS = 3;
const OUT_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * The dispatcher (Kafka `maillage.events.v1` → each involved tool's `maillage.out.<id>.v1`, in
 * its dialect), as a member of the dispatcher group. Needs Kafka, the event store
 * (`ServiceRequestsModule`) and the configuration. Creates the out-topics of connectors that
 * receive over Kafka at boot, and of those registered later.
 */
@Module({})
export class DispatcherModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Dispatcher');
  private consumer: RunningConsumer | null = null;
  private dedup: OpenedProcessedMessages | null = null;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly connectors: Connectors,
    @Inject(DISPATCHER_BUS) private readonly bus: MessageBus,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
    /** Outcomes, dead letters and lag on /metrics, when the app has observability. */
    @Optional() private readonly monitoring?: ConsumerMonitoring,
  ) {}

  static forRoot(): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [ConnectorsModule, DispatchCoreModule],
      providers: [
        {
          provide: DISPATCHER_BUS,
          inject: [MAILLAGE_CONFIG],
          useFactory: (config: MaillageConfig): MessageBus => {
            if (!config.kafka) throw new Error('The dispatcher needs KAFKA_BROKERS');
            // Every partition of the events topic at once (each still in order): a request's
            // events share a partition, so order per request holds, and one slow fold or
            // publish no longer holds up the others.
            return new KafkaMessageBus(
              kafkaBusOptions(config.kafka, 'dispatcher', {
                consumer: { partitionsConsumedConcurrently: EVENTS_PARTITIONS_READ_AT_ONCE },
              }),
            );
          },
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const connectors = await this.connectors.list();
    const topic = this.config.kafka?.eventsTopic ?? TOPICS.events;
    // The relay creates the events topic too; a dispatcher started first must not die on it.
    await this.bus.ensureTopics([eventsTopicSpec(topic), DLQ_TOPIC_SPEC]);
    await this.ensureOutTopics(connectors);
    this.connectors.onChange((connector) => this.ensureOutTopics([connector]));
    this.dedup = await openProcessedMessages(
      consumerStateLocation(this.config, 'dispatcher'),
      'dispatcher_processed',
    );
    this.consumer = await runConsumer({
      bus: this.bus,
      groupId: dispatcherGroup(this.config),
      topic,
      dedupStore: this.dedup.store,
      handle: async (message) => {
        const deliveries = await this.dispatcher.deliveries(fromCloudEventMessage(message));
        const byTopic = new Map<string, OutgoingMessage[]>();
        for (const { topic: out, message: native } of deliveries) {
          byTopic.set(out, [...(byTopic.get(out) ?? []), native]);
        }
        for (const [out, messages] of byTopic) await this.bus.publish(out, messages);
      },
      logger: this.logger,
      ...this.monitoring?.forConsumer(),
    });
    this.logger.log(`dispatching ${topic} to ${connectors.length} connector(s)' out-topics`);
  }

  /** Leaves the group first, while the store and the bus still serve the message in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.dedup?.close();
  }

  private async ensureOutTopics(connectors: readonly Connector[]): Promise<void> {
    const specs = connectors
      .filter((connector) => connector.delivery.kafka)
      .map((connector) => ({
        name: outTopic(connector.id),
        partitions: OUT_PARTITIONS,
        retentionMs: OUT_RETENTION_MS,
      }));
    if (specs.length > 0) await this.bus.ensureTopics(specs);
  }
}
