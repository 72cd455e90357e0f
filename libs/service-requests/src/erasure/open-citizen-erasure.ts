import type { MaillageConfig } from '@maillage/config';
import { createEventStore } from '@maillage/event-store';
import {
  createKeyStore,
  DataKeys,
  EncryptingEventStore,
  PersonalDataRedactors,
} from '@maillage/personal-data';
import { ServiceRequestRepository } from '../persistence/service-request.repository';
import { RequestIds } from '../request-ids';
import { CitizenErasure } from './citizen-erasure';

/**
 * A `CitizenErasure` on the configured stores, outside the hub process (the CLI); `close`
 * releases every connection. It runs no redactor: copies kept by the hub's own processes (webhook
 * dead letters) are redacted by an erasure through the hub's API. A running hub that cached the
 * key for reads stops opening the data within its cache time (MAILLAGE_KEY_CACHE_MS).
 */
export async function openCitizenErasure(
  config: MaillageConfig,
): Promise<{ readonly erasure: CitizenErasure; close(): Promise<void> }> {
  const raw = await createEventStore(config.eventStore);
  let keys: DataKeys;
  try {
    keys = await DataKeys.open(
      await createKeyStore(config.personalData.keyStore),
      config.hubSecret,
    );
  } catch (error) {
    await raw.close();
    throw error;
  }
  const store = new EncryptingEventStore(raw, keys);
  const ids = new RequestIds(config.hubSecret);
  const clock = () => new Date();
  const repository = new ServiceRequestRepository(store, ids, clock, config.commandRetries);
  return {
    erasure: new CitizenErasure({
      raw,
      store,
      keys,
      repository,
      ids,
      clock,
      redactors: new PersonalDataRedactors(),
    }),
    close: () => store.close(),
  };
}
