export * from './seed-log';
export * from './tamper-sqlite';
