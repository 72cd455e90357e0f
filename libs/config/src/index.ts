export * from './maillage-config';
export * from './config-error';
export * from './parse-config';
export * from './config.module';
export * from './logger-levels';
