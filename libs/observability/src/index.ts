export * from './metrics/hub-metrics';
export * from './metrics/append.metrics';
export * from './metrics/consumer.metrics';
export * from './metrics/consumer-monitoring';
export * from './metrics/instrument-appends';
export * from './health/event-store.health-indicator';
export * from './health/kafka.health-indicator';
export * from './observability.module';
