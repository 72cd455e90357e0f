import { Module } from '@nestjs/common';
import { RequestCommandsController } from './requests/request-commands.controller';
import { RequestQueriesController } from './requests/request-queries.controller';

/** The canonical HTTP API. Needs `ServiceRequestsModule` and `ConfigModule` in the application. */
@Module({ controllers: [RequestCommandsController, RequestQueriesController] })
export class HttpApiModule {}
