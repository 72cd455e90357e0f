import type { Config } from 'jest';
import { join } from 'node:path';

/**
 * One run for every tier, told apart by file name:
 *   *.spec.ts      unit tests beside the code (no server needed)
 *   *.int-spec.ts  integration tests against real PostgreSQL / Kafka
 *   *.e2e-spec.ts  whole flows through the HTTP API
 * Type checking is `npm run typecheck` (and lint); tests are transpiled only, to keep them fast.
 */
const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // NestJS 12 (and a few of its dependencies) are ES modules only: compile them to CommonJS.
    '^.+\\.m?js$': [
      'babel-jest',
      { configFile: join(__dirname, 'test/jest/esm-packages.babel.config.js'), babelrc: false },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|load-esm|uid|content-disposition|cookie)/)',
  ],
  moduleNameMapper: {
    '^@maillage/([^/]+)/testing$': '<rootDir>/libs/$1/src/testing',
    '^@maillage/(.*)$': '<rootDir>/libs/$1/src',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Tees each test process's logs to files; the teardown fails the run if one holds personal data.
  setupFilesAfterEnv: ['<rootDir>/test/log-scan/capture-logs.setup.ts'],
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30_000,
};

export default config;
