import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { MaillageConfig } from './maillage-config';

/** Injection token of the parsed `MaillageConfig`. */
export const MAILLAGE_CONFIG = Symbol('MAILLAGE_CONFIG');

/** Makes the configuration parsed at boot available to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: MAILLAGE_CONFIG, useValue: config }],
      exports: [MAILLAGE_CONFIG],
    };
  }
}
