import type { Config } from 'jest';
import base from '../../jest.config';

/**
 * The fault-injection suite alone (`npm run test:faults`): it starts its own PostgreSQL cluster
 * and Kafka broker, so the npm script sets MAILLAGE_TEST_SERVICES=none: the global setup starts
 * neither shared service, and the log capture and its personal-data scan still apply. One
 * worker: the scenarios run one after the other, the first (the broken-build check) gating the
 * rest.
 */
const config: Config = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  maxWorkers: 1,
  testTimeout: 900_000,
};

export default config;
