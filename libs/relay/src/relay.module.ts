import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import {
  type ClosableCheckpointStore,
  type EventStore,
  createCheckpointStore,
} from '@maillage/event-store';
import {
  DLQ_TOPIC_SPEC,
  eventsTopicSpec,
  KafkaMessageBus,
  kafkaBusOptions,
  TOPICS,
  type MessageBus,
} from '@maillage/messaging';
import { RAW_EVENT_STORE } from '@maillage/service-requests';
import { EventRelay } from './event-relay';

const RELAY_BUS = Symbol('RELAY_BUS');
const RELAY_CHECKPOINTS = Symbol('RELAY_CHECKPOINTS');

/**
 * Runs the relay (store → Kafka) in this process. Needs the event store (RAW_EVENT_STORE: events
 * go out as stored, personal data sealed — Kafka never carries it in clear) and Kafka
 * in the configuration (KAFKA_BROKERS). Creates the events and dead-letter topics at boot with
 * explicit partitions and retention.
 */
@Module({})
export class RelayModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Relay');

  constructor(
    private readonly relay: EventRelay,
    @Inject(RELAY_BUS) private readonly bus: MessageBus,
    @Inject(RELAY_CHECKPOINTS) private readonly checkpoints: ClosableCheckpointStore,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  static forRoot(): DynamicModule {
    return {
      module: RelayModule,
      global: true,
      providers: [
        {
          provide: RELAY_BUS,
          inject: [MAILLAGE_CONFIG],
          useFactory: (config: MaillageConfig): MessageBus => {
            if (!config.kafka) throw new Error('The relay needs KAFKA_BROKERS');
            return new KafkaMessageBus(kafkaBusOptions(config.kafka, 'relay'));
          },
        },
        {
          provide: RELAY_CHECKPOINTS,
          inject: [MAILLAGE_CONFIG],
          useFactory: (config: MaillageConfig) => {
            if (config.eventStore.kind === 'eventstoredb') {
              throw new Error('The relay keeps its checkpoint beside a SQLite or PostgreSQL store');
            }
            return createCheckpointStore(config.eventStore);
          },
        },
        {
          provide: EventRelay,
          inject: [RAW_EVENT_STORE, RELAY_CHECKPOINTS, RELAY_BUS, MAILLAGE_CONFIG],
          useFactory: (
            store: EventStore,
            checkpoints: ClosableCheckpointStore,
            bus: MessageBus,
            config: MaillageConfig,
          ) =>
            new EventRelay(store, checkpoints, bus, {
              topic: config.kafka?.eventsTopic ?? TOPICS.events,
              onRetry: (error) =>
                new Logger('Relay').warn(`publish failed, retrying: ${(error as Error).message}`),
            }),
        },
      ],
      exports: [EventRelay],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = this.config.kafka?.eventsTopic ?? TOPICS.events;
    await this.bus.ensureTopics([eventsTopicSpec(topic), DLQ_TOPIC_SPEC]);
    await this.relay.start();
    this.logger.log(`relaying the event log to ${topic} from position ${this.relay.position}`);
  }

  /** Before any module closes: the relay still needs the store to drain what it took. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.checkpoints.close();
  }
}
