import { Global, Module } from '@nestjs/common';
import { ConnectorsModule } from '@maillage/connectors';
import { AuthGuard } from './authenticated';
import { Authenticator } from './authenticator';

/**
 * Authentication for every HTTP module of the hub: global, so that modules outside this library
 * (the audit API) take connector keys too, through the `Connectors` registry it re-exports.
 */
@Global()
@Module({
  imports: [ConnectorsModule],
  providers: [Authenticator, AuthGuard],
  exports: [Authenticator, AuthGuard, ConnectorsModule],
})
export class AuthModule {}
