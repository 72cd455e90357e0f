import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { scanLogsForPersonalData, TEST_FILE_MARKER } from './scan-logs';

function capturedLogs(...lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-scan-spec-'));
  writeFileSync(join(dir, '123.log'), lines.join('\n'));
  return dir;
}

describe('scanLogsForPersonalData', () => {
  it('finds each kind of fixture, whatever its case or spacing, with the test file that logged it', () => {
    const dir = capturedLogs(
      `${TEST_FILE_MARKER}/repo/libs/a.e2e-spec.ts`,
      '[Nest] 42  - LOG [Router] Mapped {/v1/requests, POST} route',
      '[Nest] 42  - ERROR [HTTP] filing of CAMILLE MARTIN failed',
      `${TEST_FILE_MARKER}/repo/libs/b.spec.ts`,
      'webhook to camille.martin.7@example.org refused',
      'call back +33612345678 tomorrow',
      'call back 06.98.76.54.32 tomorrow',
      '{"address":"12 rue de la Bûcherie, 45500 Gien"}',
      'Citoyen 12 filed a request',
    );
    const leaks = scanLogsForPersonalData(dir);
    expect(leaks.map((leak) => [leak.testFile, leak.matched])).toEqual([
      ['/repo/libs/a.e2e-spec.ts', 'name Camille Martin'],
      ['/repo/libs/b.spec.ts', expect.stringContaining('pattern') as string],
      ['/repo/libs/b.spec.ts', 'phone +33 6 12 34 56 78'],
      ['/repo/libs/b.spec.ts', 'phone +33 6 98 76 54 32'],
      ['/repo/libs/b.spec.ts', 'address 12 rue de la Bûcherie'],
      ['/repo/libs/b.spec.ts', expect.stringContaining('Citoyen') as string],
    ]);
  });

  it('leaves ordinary log lines alone: ids, times, positions, longer numbers', () => {
    const dir = capturedLogs(
      `request ${randomUUID()} filed at 2026-11-29T08:15:00.000Z, position 0612345678901`,
      'webhooks gien-grc: msg_2Wd9 dead-lettered after 4 attempts (HTTP 500)',
      'Rue des Tanneurs, 45500 Gien: location of the request',
    );
    expect(scanLogsForPersonalData(dir)).toEqual([]);
  });
});

describe('the capture of this run (test/log-scan/capture-logs.setup.ts)', () => {
  it("tees Nest's logger, the console and the standard streams to this process's file", () => {
    const dir = process.env['MAILLAGE_LOG_CAPTURE_DIR'];
    expect(dir).toBeTruthy();
    const probe = `capture-probe-${randomUUID()}`;
    new Logger('LogCaptureProbe').warn(`${probe} nest`);
    console.info(`${probe} console`);
    process.stderr.write(`${probe} stderr\n`);
    const captured = readFileSync(join(dir!, `${process.pid}.log`), 'utf8');
    expect(captured).toContain(`${probe} nest`);
    expect(captured).toContain(`${probe} console`);
    expect(captured).toContain(`${probe} stderr`);
    expect(captured).toContain(`${TEST_FILE_MARKER}${expect.getState().testPath}`);
  });
});
