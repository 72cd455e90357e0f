export * from './test-hub';
export * from './describe-with-postgres';
