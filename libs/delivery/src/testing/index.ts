export * from './applying-receiver';
export * from './test-receiver';
export * from './webhook-writer';
