/**
 * The Kafka integration suites alone, with the local broker managed around the run:
 *   npx jest -c test/kafka/jest.config.ts
 * (KAFKA_BROKERS=host:port to use another broker; KAFKA_KEEP=1 to leave the local one running.)
 */
import * as path from 'node:path';
import type { Config } from 'jest';
import base from '../../jest.config';

const config: Config = {
  ...base,
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/kafka/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/kafka/global-setup.ts',
  globalTeardown: '<rootDir>/test/kafka/global-teardown.ts',
  testTimeout: 60_000,
};

export default config;
