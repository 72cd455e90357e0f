import { Module } from '@nestjs/common';
import { RequestsController } from './requests/requests.controller';

/** The canonical HTTP API. Needs `ServiceRequestsModule` and `ConfigModule` in the application. */
@Module({ controllers: [RequestsController] })
export class HttpApiModule {}
