import type { Provider } from '@nestjs/common';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE, REQUEST_READ_MODEL } from '../persistence/tokens';
import type { RequestReadModel } from '../read-model/request-read-model.port';
import { RequestQueries } from './request-queries';

export const QueriesProvider: Provider = {
  provide: RequestQueries,
  inject: [EVENT_STORE, REQUEST_READ_MODEL],
  useFactory: (store: EventStore, readModel: RequestReadModel) =>
    new RequestQueries(store, readModel),
};
