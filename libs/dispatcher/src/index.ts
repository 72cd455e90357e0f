export * from './dispatcher';
export * from './dispatcher.module';
