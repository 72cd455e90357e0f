/**
 * `describe` for suites that need PostgreSQL. The global setup (test/global-setup.ts) probes the
 * server once: when it is missing the suite is reported as skipped, except under CI where the
 * global setup has already failed the run.
 */
export const describeWithPostgres: jest.Describe = process.env['POSTGRES_UNAVAILABLE']
  ? describe.skip
  : describe;
