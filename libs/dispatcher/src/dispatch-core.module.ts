import { Module } from '@nestjs/common';
import { Connectors, ConnectorsModule } from '@maillage/connectors';
import { dialectById } from '@maillage/dialects';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE } from '@maillage/service-requests';
import { ConnectorFeed } from './connector-feed';
import { Dispatcher } from './dispatcher';

/**
 * The translation of canonical events for the tools involved, without any transport: used by the
 * Kafka dispatcher and by the connectors' HTTP feed. Needs `ServiceRequestsModule` (the store).
 */
@Module({
  imports: [ConnectorsModule],
  providers: [
    {
      provide: Dispatcher,
      inject: [EVENT_STORE, Connectors],
      useFactory: (store: EventStore, connectors: Connectors) =>
        new Dispatcher(store, connectors, dialectById),
    },
    {
      provide: ConnectorFeed,
      inject: [EVENT_STORE, Dispatcher],
      useFactory: (store: EventStore, dispatcher: Dispatcher) =>
        new ConnectorFeed(store, dispatcher),
    },
  ],
  exports: [Dispatcher, ConnectorFeed],
})
export class DispatchCoreModule {}
