import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityLog } from './security-log';

const EVENT = {
  outcome: 'forbidden' as const,
  code: 'CONNECTOR.FORBIDDEN',
  principal: 'connector:loiret-grc (key abcdefghijkl)',
  authority: 'departement:45',
  attempt: 'POST /v1/connectors/:connectorId/requests',
  detail: 'this key belongs to connector loiret-grc, not gien-grc',
};

describe('SecurityLog', () => {
  it('appends each event to the file of its day, readable by its owner only', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'maillage-seclog-')), 'security');
    let now = new Date('2026-11-29T23:59:59.000Z');
    const log = new SecurityLog(10, () => now);
    log.keepIn({ dir, retentionDays: 30 });
    log.record(EVENT);
    now = new Date('2026-11-30T00:00:01.000Z');
    log.record({ ...EVENT, outcome: 'unauthenticated', code: 'AUTH.UNAUTHENTICATED' });
    expect(readdirSync(dir).sort()).toEqual([
      'security-2026-11-29.jsonl',
      'security-2026-11-30.jsonl',
    ]);
    const first = readFileSync(join(dir, 'security-2026-11-29.jsonl'), 'utf8').trim().split('\n');
    expect(first.map((line) => JSON.parse(line) as unknown)).toEqual([
      { securityEvent: { at: '2026-11-29T23:59:59.000Z', ...EVENT } },
    ]);
    expect(statSync(join(dir, 'security-2026-11-30.jsonl')).mode & 0o777).toBe(0o600);
    expect(log.recent()).toHaveLength(2);
  });

  it('deletes the files older than the retention, and only those', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-seclog-'));
    for (const day of ['2026-10-29', '2026-10-30', '2026-11-28']) {
      writeFileSync(join(dir, `security-${day}.jsonl`), '{}\n');
    }
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    const log = new SecurityLog(10, () => new Date('2026-11-29T08:00:00.000Z'));
    log.keepIn({ dir, retentionDays: 30 });
    log.record(EVENT);
    expect(readdirSync(dir).sort()).toEqual([
      'notes.txt',
      'security-2026-10-30.jsonl',
      'security-2026-11-28.jsonl',
      'security-2026-11-29.jsonl',
    ]);
  });

  it('keeps the latest events in memory, bounded', () => {
    const log = new SecurityLog(2);
    for (const code of ['A', 'B', 'C']) log.record({ ...EVENT, code });
    expect(log.recent().map((event) => event.code)).toEqual(['B', 'C']);
  });
});
