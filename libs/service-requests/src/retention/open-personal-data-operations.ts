import type { MaillageConfig } from '@maillage/config';
import { createEventStore } from '@maillage/event-store';
import {
  createKeyStore,
  DataKeys,
  EncryptingEventStore,
  type PersonalDataRedactor,
  PersonalDataRedactors,
} from '@maillage/personal-data';
import { CitizenErasure } from '../erasure/citizen-erasure';
import { PersonalDataTrail, type PersonalDataTrailSink } from '../erasure/personal-data-trail';
import { ServiceRequestRepository } from '../persistence/service-request.repository';
import { PostgresRequestReadModel } from '../read-model/postgres.request-read-model';
import type { RequestReadModel } from '../read-model/request-read-model.port';
import { SqliteRequestReadModel } from '../read-model/sqlite.request-read-model';
import { RequestIds } from '../request-ids';
import { ArchiveExport } from './archive-export';
import { RetentionApprovals } from './retention-approvals';
import { RetentionDisposals } from './retention-disposals';
import { RetentionDueList } from './retention-due-list';
import { loadRetentionPolicy } from './retention.providers';

/** What the hub's own processes plug in, handed in by whoever opens the operations. */
export interface PersonalDataOperationsOptions {
  /** Redactors of copies kept outside the event store (e.g. the webhook dead letters). */
  readonly redactors?: readonly PersonalDataRedactor[];
  /** Where erasures and disposals are recorded (the security log). */
  readonly trail?: PersonalDataTrailSink;
}

export interface PersonalDataOperations {
  readonly erasure: CitizenErasure;
  readonly dueList: RetentionDueList;
  readonly disposals: RetentionDisposals;
  close(): Promise<void>;
}

/**
 * Erasure and retention on the configured stores, outside the hub process (the command line),
 * composed as the hub composes them: the same classes, the redactors and the security log the
 * caller hands in. A running hub that cached a key for reads stops opening the data within its
 * cache time (MAILLAGE_KEY_CACHE_MS); `close` releases every connection.
 */
export async function openPersonalDataOperations(
  config: MaillageConfig,
  options: PersonalDataOperationsOptions = {},
): Promise<PersonalDataOperations> {
  const policy = loadRetentionPolicy(config);
  const raw = await createEventStore(config.eventStore);
  let keys: DataKeys;
  let readModel: RequestReadModel;
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
  try {
    readModel =
      config.readModel.kind === 'postgres'
        ? await PostgresRequestReadModel.create(
            config.readModel.connectionString,
            config.readModel.schema,
          )
        : new SqliteRequestReadModel(config.readModel.path);
  } catch (error) {
    await store.close();
    throw error;
  }
  const ids = new RequestIds(config.hubSecret);
  const clock = () => new Date();
  const repository = new ServiceRequestRepository(store, ids, clock, config.commandRetries);
  const redactors = new PersonalDataRedactors();
  for (const redactor of options.redactors ?? []) redactors.register(redactor);
  const trail = new PersonalDataTrail();
  if (options.trail) trail.use(options.trail);
  const dueList = new RetentionDueList({
    raw,
    readModel,
    policy,
    clock,
    approvals: new RetentionApprovals(raw),
  });
  return {
    erasure: new CitizenErasure({ raw, store, keys, repository, ids, clock, redactors, trail }),
    dueList,
    disposals: new RetentionDisposals({
      raw,
      store,
      keys,
      repository,
      ids,
      clock,
      redactors,
      trail,
      dueList,
      archives: new ArchiveExport(config.retention.archivesDir),
    }),
    async close() {
      try {
        await readModel.close();
      } finally {
        await store.close();
      }
    },
  };
}
