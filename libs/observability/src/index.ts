export * from './hub-metrics';
export * from './observability.module';
