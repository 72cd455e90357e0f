import { Module } from '@nestjs/common';
import { ConnectorsModule } from '@maillage/connectors';
import { DeadLettersModule } from '@maillage/dead-letters';
import { WebhookCoreModule } from '@maillage/delivery';
import { DispatchCoreModule } from '@maillage/dispatcher';
import { ConnectorFeedController } from './connectors/connector-feed.controller';
import { ConnectorIngestController } from './connectors/connector-ingest.controller';
import { ConnectorsAdminController } from './connectors/connectors-admin.controller';
import { AuthModule } from './auth/auth.module';
import { CitizenErasureController } from './citizens/citizen-erasure.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { WebhookDeadLettersController } from './connectors/webhook-dead-letters.controller';
import { WebhookSecretsController } from './connectors/webhook-secrets.controller';
import { Open311Controller } from './open311/open311.controller';
import { RetentionController } from './retention/retention.controller';
import { RequestCommandsController } from './requests/request-commands.controller';
import { RequestPersonalDataController } from './requests/request-personal-data.controller';
import { RequestQueriesController } from './requests/request-queries.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

/**
 * The HTTP API: canonical requests, connectors' admin and native ingest. Needs
 * `ServiceRequestsModule` and `ConfigModule` in the application.
 */
@Module({
  imports: [AuthModule, ConnectorsModule, DispatchCoreModule, WebhookCoreModule, DeadLettersModule],
  controllers: [
    RequestCommandsController,
    RequestQueriesController,
    RequestPersonalDataController,
    ConnectorsAdminController,
    ConnectorIngestController,
    ConnectorFeedController,
    WebhookSecretsController,
    WebhookDeadLettersController,
    DeadLettersController,
    Open311Controller,
    SubscriptionsController,
    CitizenErasureController,
    RetentionController,
  ],
})
export class HttpApiModule {}
