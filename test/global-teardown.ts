import { rmSync } from 'node:fs';
import kafkaGlobalTeardown from './kafka/global-teardown';
import { describeLeaks, scanLogsForPersonalData } from './log-scan/scan-logs';

/**
 * Stops what global-setup.ts started, then scans the logs every test process wrote during the run
 * (test/log-scan) for the fixtures' personal data: one line holding a citizen's name, e-mail
 * address, phone number or postal address fails the run, listing each line and its test file.
 * The capture is kept for inspection when it fails, or when MAILLAGE_LOG_CAPTURE_DIR was given.
 */
export default async function globalTeardown(): Promise<void> {
  let stopFailure: Error | null = null;
  try {
    await kafkaGlobalTeardown();
  } catch (error) {
    stopFailure = error instanceof Error ? error : new Error(String(error));
  }
  const dir = process.env['MAILLAGE_LOG_CAPTURE_DIR'];
  if (dir) {
    const leaks = scanLogsForPersonalData(dir);
    if (leaks.length > 0) {
      throw new Error(
        `Personal data in the logs of the test run: ${leaks.length} line(s), kept in ${dir}\n${describeLeaks(leaks)}`,
      );
    }
    if (process.env['MAILLAGE_LOG_CAPTURE_TEMPORARY'] === '1') {
      rmSync(dir, { recursive: true, force: true });
      // Under jest --watch the next run's setup makes a fresh one.
      delete process.env['MAILLAGE_LOG_CAPTURE_DIR'];
      delete process.env['MAILLAGE_LOG_CAPTURE_TEMPORARY'];
    }
  }
  if (stopFailure !== null) throw stopFailure;
}
