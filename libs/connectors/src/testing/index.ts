export * from './connector-store.contract';
