import type { Provider } from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { createEventStore, type EventStore } from '@maillage/event-store';
import {
  createKeyStore,
  DataKeys,
  EncryptingEventStore,
  PersonalDataRedactors,
} from '@maillage/personal-data';
import { ServiceRequestRepository } from '../persistence/service-request.repository';
import { CLOCK, type Clock, EVENT_STORE, RAW_EVENT_STORE } from '../persistence/tokens';
import { RequestIds } from '../request-ids';
import { CitizenErasure } from './citizen-erasure';
import { PersonalDataTrail } from './personal-data-trail';

/**
 * The event store and the citizens' keys: the raw store (`RAW_EVENT_STORE`), the key store
 * apart from it (`DataKeys`), the decrypting view the use cases get as `EVENT_STORE`, and the
 * erasure. Closing `EVENT_STORE` closes the raw store and the key store.
 */
export const PERSONAL_DATA_PROVIDERS: Provider[] = [
  {
    provide: RAW_EVENT_STORE,
    inject: [MAILLAGE_CONFIG],
    useFactory: (config: MaillageConfig) => createEventStore(config.eventStore),
  },
  {
    provide: DataKeys,
    inject: [MAILLAGE_CONFIG],
    useFactory: async (config: MaillageConfig) =>
      DataKeys.open(await createKeyStore(config.personalData.keyStore), config.hubSecret, {
        cacheTtlMs: config.personalData.keyCacheMs,
      }),
  },
  {
    provide: EVENT_STORE,
    inject: [RAW_EVENT_STORE, DataKeys],
    useFactory: (raw: EventStore, keys: DataKeys) => new EncryptingEventStore(raw, keys),
  },
  PersonalDataRedactors,
  PersonalDataTrail,
  {
    provide: CitizenErasure,
    inject: [
      RAW_EVENT_STORE,
      EVENT_STORE,
      DataKeys,
      ServiceRequestRepository,
      RequestIds,
      CLOCK,
      PersonalDataRedactors,
      PersonalDataTrail,
    ],
    useFactory: (
      raw: EventStore,
      store: EventStore,
      keys: DataKeys,
      repository: ServiceRequestRepository,
      ids: RequestIds,
      clock: Clock,
      redactors: PersonalDataRedactors,
      trail: PersonalDataTrail,
    ) => new CitizenErasure({ raw, store, keys, repository, ids, clock, redactors, trail }),
  },
];
