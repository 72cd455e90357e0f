import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import type { EventStore } from '@maillage/event-store';
import { PersonalDataRedactors } from '@maillage/personal-data';
import { AcknowledgeRequestHandler } from './commands/acknowledge-request/acknowledge-request.handler';
import { AddCommentHandler } from './commands/add-comment/add-comment.handler';
import { ChangeStatusHandler } from './commands/change-status/change-status.handler';
import { CloseRequestHandler } from './commands/close-request/close-request.handler';
import { EraseCitizenHandler } from './commands/erase-citizen/erase-citizen.handler';
import { FileRequestHandler } from './commands/file-request/file-request.handler';
import { ReopenRequestHandler } from './commands/reopen-request/reopen-request.handler';
import { TransferRequestHandler } from './commands/transfer-request/transfer-request.handler';
import { PERSONAL_DATA_PROVIDERS } from './erasure/personal-data.providers';
import { PersonalDataTrail } from './erasure/personal-data-trail';
import { RetentionDisposals } from './retention/retention-disposals';
import { RetentionDueList } from './retention/retention-due-list';
import { RetentionPolicy } from './retention/retention-policy';
import { RETENTION_PROVIDERS } from './retention/retention.providers';
import { ServiceRequestRepository } from './persistence/service-request.repository';
import {
  CLOCK,
  type Clock,
  EVENT_STORE,
  RAW_EVENT_STORE,
  REQUEST_READ_MODEL,
} from './persistence/tokens';
import { QueriesProvider } from './queries/queries.provider';
import { RequestQueries } from './queries/request-queries';
import { PostgresRequestReadModel } from './read-model/postgres.request-read-model';
import { RequestProjection } from './read-model/request-projection';
import type { RequestReadModel } from './read-model/request-read-model.port';
import { SqliteRequestReadModel } from './read-model/sqlite.request-read-model';
import { RequestIds } from './request-ids';
import { RouterProvider } from './routing/router.provider';

const SERVICE_REQUESTS_OPTIONS = Symbol('SERVICE_REQUESTS_OPTIONS');

export interface ServiceRequestsOptions {
  /** Run the read-model projection in this process (default true). */
  readonly projection?: boolean;
  /** Hub clock (default: the system clock). */
  readonly clock?: Clock;
}

/**
 * Service requests: commands on @nestjs/cqrs against the event store, the read model and its
 * projection, and the queries. Composed by the hub and the gateway.
 */
@Module({})
export class ServiceRequestsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REQUEST_READ_MODEL) private readonly readModel: RequestReadModel,
    private readonly projection: RequestProjection,
    @Inject(SERVICE_REQUESTS_OPTIONS) private readonly options: ServiceRequestsOptions,
  ) {}

  static forRoot(options: ServiceRequestsOptions = {}): DynamicModule {
    return {
      module: ServiceRequestsModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: SERVICE_REQUESTS_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: options.clock ?? (() => new Date()) },
        RouterProvider,
        ...PERSONAL_DATA_PROVIDERS,
        ...RETENTION_PROVIDERS,
        {
          provide: REQUEST_READ_MODEL,
          inject: [MAILLAGE_CONFIG],
          useFactory: (config: MaillageConfig): Promise<RequestReadModel> | RequestReadModel =>
            config.readModel.kind === 'postgres'
              ? PostgresRequestReadModel.create(
                  config.readModel.connectionString,
                  config.readModel.schema,
                )
              : new SqliteRequestReadModel(config.readModel.path),
        },
        {
          provide: RequestIds,
          inject: [MAILLAGE_CONFIG],
          useFactory: (config: MaillageConfig) => new RequestIds(config.hubSecret),
        },
        {
          provide: ServiceRequestRepository,
          inject: [EVENT_STORE, RequestIds, CLOCK, MAILLAGE_CONFIG],
          useFactory: (store: EventStore, ids: RequestIds, clock: Clock, config: MaillageConfig) =>
            new ServiceRequestRepository(store, ids, clock, config.commandRetries),
        },
        {
          provide: RequestProjection,
          // The read model holds no personal data: it reads the sealed events, never opens them.
          inject: [RAW_EVENT_STORE, REQUEST_READ_MODEL],
          useFactory: (store: EventStore, readModel: RequestReadModel) =>
            new RequestProjection(store, readModel),
        },
        QueriesProvider,
        FileRequestHandler,
        ChangeStatusHandler,
        AddCommentHandler,
        AcknowledgeRequestHandler,
        TransferRequestHandler,
        CloseRequestHandler,
        ReopenRequestHandler,
        EraseCitizenHandler,
      ],
      exports: [
        CqrsModule,
        RequestQueries,
        RequestProjection,
        RequestIds,
        EVENT_STORE,
        RAW_EVENT_STORE,
        PersonalDataRedactors,
        PersonalDataTrail,
        RetentionPolicy,
        RetentionDueList,
        RetentionDisposals,
        REQUEST_READ_MODEL,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.projection !== false) await this.projection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projection.stop();
    await this.readModel.close();
    await this.store.close();
  }
}
