import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import type { EventStore } from '@maillage/event-store';
import { DataKeys, PersonalDataRedactors } from '@maillage/personal-data';
import { PersonalDataTrail } from '../erasure/personal-data-trail';
import { ServiceRequestRepository } from '../persistence/service-request.repository';
import {
  CLOCK,
  type Clock,
  EVENT_STORE,
  RAW_EVENT_STORE,
  REQUEST_READ_MODEL,
} from '../persistence/tokens';
import type { RequestReadModel } from '../read-model/request-read-model.port';
import { RequestIds } from '../request-ids';
import { ArchiveExport } from './archive-export';
import { RetentionApprovals } from './retention-approvals';
import { RetentionDisposals } from './retention-disposals';
import { RetentionDueList } from './retention-due-list';
import { RetentionPolicy } from './retention-policy';

/**
 * The retention policy of `MAILLAGE_RETENTION_POLICY` (else the bundled one), validated: an
 * invalid file stops the boot with `RETENTION.INVALID_POLICY`, naming each problem.
 */
export function loadRetentionPolicy(config: MaillageConfig): RetentionPolicy {
  return config.retention.policyFile
    ? RetentionPolicy.parse(
        JSON.parse(readFileSync(config.retention.policyFile, 'utf8')) as unknown,
      )
    : RetentionPolicy.bundled();
}

/** Retention: the policy, the due list and the disposals (see `RetentionDisposals`). */
export const RETENTION_PROVIDERS: Provider[] = [
  {
    provide: RetentionPolicy,
    inject: [MAILLAGE_CONFIG],
    useFactory: loadRetentionPolicy,
  },
  {
    provide: RetentionDueList,
    inject: [RAW_EVENT_STORE, REQUEST_READ_MODEL, RetentionPolicy, CLOCK],
    useFactory: (
      raw: EventStore,
      readModel: RequestReadModel,
      policy: RetentionPolicy,
      clock: Clock,
    ) =>
      new RetentionDueList({
        raw,
        readModel,
        policy,
        clock,
        approvals: new RetentionApprovals(raw),
      }),
  },
  {
    provide: RetentionDisposals,
    inject: [
      RAW_EVENT_STORE,
      EVENT_STORE,
      DataKeys,
      ServiceRequestRepository,
      RequestIds,
      CLOCK,
      PersonalDataRedactors,
      PersonalDataTrail,
      RetentionDueList,
      MAILLAGE_CONFIG,
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
      dueList: RetentionDueList,
      config: MaillageConfig,
    ) =>
      new RetentionDisposals({
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
  },
];
