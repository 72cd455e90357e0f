export * from './dispatcher';
export * from './dispatcher.module';
export * from './connector-feed';
export * from './dispatch-core.module';
export * from './personal-data-claim';
