import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@maillage/event-store';
import { seedRequests, TestClock } from '@maillage/audit/testing';
import { runCli } from './cli';

async function run(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, { stdout, stderr, env });
  return { code, out, err };
}

describe('maillage CLI', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let requestId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'maillage-cli-'));
    env = { MAILLAGE_DATA_DIR: dataDir };
    const clock = new TestClock();
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite'), now: clock.now });
    const requests = await seedRequests(store, clock, 4);
    requestId = requests[0]!.requestId;
    await store.close();
  });

  it('prints its usage, and exits 2 on a bad command line', async () => {
    expect((await run(['--help'], env)).out).toContain('Usage: maillage');
    expect((await run([], env)).code).toBe(2);
    expect((await run(['rewind'], env)).code).toBe(2);
    expect((await run(['history', '--format', 'xml'], env)).code).toBe(2);
    expect((await run(['history', '--colour', 'red'], env)).code).toBe(2);
    expect((await run(['as-of', '--request', requestId], env)).code).toBe(2);
  });

  it('exits 78 on an invalid configuration', async () => {
    const result = await run(['verify'], { ...env, MAILLAGE_EVENT_STORE: 'oracle' });
    expect(result.code).toBe(78);
    expect(result.err).toContain('MAILLAGE_EVENT_STORE');
  });

  it('replays a request as NDJSON and a period as CSV', async () => {
    const ndjson = await run(['history', '--request', requestId], env);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { revision: number });
    expect(lines.map((line) => line.revision)).toEqual(lines.map((_, i) => i));
    const csv = await run(
      [
        'history',
        '--from',
        '2026-11-29T08:00:00Z',
        '--to',
        '2026-11-29T08:00:59Z',
        '--format',
        'csv',
        '--type',
        'RequestFiled',
      ],
      env,
    );
    expect(csv.out.trim().split('\r\n')).toHaveLength(2);
  });

  it('shows a request as of a date-time', async () => {
    const result = await run(
      ['as-of', '--request', requestId, '--at', '2026-11-29T08:00:00Z'],
      env,
    );
    expect(JSON.parse(result.out)).toMatchObject({ id: requestId, status: 'routed' });
  });

  it('checkpoints, exports, verifies offline, imports; verify exits 1 once the store is tampered', async () => {
    const kept = join(dataDir, 'kept-checkpoints.json');
    const checkpoint = await run(['checkpoint', '--out', kept], env);
    expect(checkpoint.code).toBe(0);
    expect(existsSync(kept)).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), 'maillage-cli-export-')), 'bundle');
    expect((await run(['export', '--out', out], env)).code).toBe(0);
    expect((await run(['verify', '--bundle', out], {})).code).toBe(0); // offline: no configuration
    const imported = join(mkdtempSync(join(tmpdir(), 'maillage-cli-import-')), 'events.sqlite');
    const importResult = await run(['import', '--bundle', out, '--sqlite', imported], env);
    expect(JSON.parse(importResult.out)).toMatchObject({ identical: true });
    expect((await run(['verify', '--checkpoint-file', kept], env)).code).toBe(0);

    const db = new Database(join(dataDir, 'events.sqlite'));
    db.exec(
      "DROP TRIGGER events_no_update; UPDATE events SET data = replace(data, 'Demande', 'Demende') WHERE position = 3",
    );
    db.close();
    const tampered = await run(['verify', '--checkpoint-file', kept], env);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/HASH_MISMATCH at position 3 stream request-/);
  });

  it('runs as a process: `node main.js verify` exits 1 on a tampered store', () => {
    const main = resolve(__dirname, '../../../dist/apps/cli/src/main.js');
    if (!existsSync(main)) {
      // Compiled by `npm run build`; run through ts-node otherwise.
      const result = spawnSync(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          resolve(__dirname, 'main.ts'),
          'verify',
        ],
        {
          env: {
            ...process.env,
            ...env,
            TS_NODE_PROJECT: resolve(__dirname, '../../../tsconfig.json'),
          },
          encoding: 'utf8',
        },
      );
      expect(result.stdout).toContain('HASH_MISMATCH');
      expect(result.status).toBe(1);
      return;
    }
    const result = spawnSync(process.execPath, [main, 'verify'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('HASH_MISMATCH');
    expect(result.status).toBe(1);
    expect(
      execFileSync(process.execPath, [main, 'public-key'], {
        env: { ...process.env, ...env },
      }).toString(),
    ).toBe(
      readFileSync(join(dataDir, 'kept-checkpoints.json'), 'utf8') &&
        JSON.parse(readFileSync(join(dataDir, 'kept-checkpoints.json'), 'utf8')).publicKey,
    );
  });
});
