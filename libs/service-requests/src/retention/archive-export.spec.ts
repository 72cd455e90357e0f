import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@maillage/event-store';
import { ArchiveExport } from './archive-export';
import type { RetentionDisposalApproved } from './retention-approvals';

const approval: RetentionDisposalApproved = {
  approvalId: '5b0f7a52-33c4-4a57-8d8a-3f0b1d7e2c11',
  approvedAt: '2031-02-01T09:00:00.000Z',
  approver: 'Directrice des Archives du Loiret',
  archivesReference: 'AD45-VISA-0117',
  policyVersion: '2031-01-01.1',
  requests: [],
};

const event = (revision: number, personal: Record<string, unknown> | null): RecordedEvent =>
  ({
    eventId: `e-${revision}`,
    streamId: 'request-1',
    revision,
    position: revision + 1,
    type: revision === 0 ? 'RequestFiled' : 'RequestClosed',
    data: { n: revision },
    personal,
    metadata: {},
    recordedAt: '2028-01-01T00:00:00.000Z',
    hash: 'h',
    previousHash: null,
  }) as unknown as RecordedEvent;

describe('ArchiveExport (a request file for the archives service)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-archives-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the opened history as NDJSON, private, with a manifest whose hashes match the files', () => {
    const archives = new ArchiveExport(dir);
    const history = [event(0, { name: 'Lou Garnier' }), event(1, null)];
    const file = archives.write(approval, 'request-1', history);
    const path = join(dir, file.file);
    const bytes = readFileSync(path);
    expect(
      bytes
        .toString()
        .trimEnd()
        .split('\n')
        .map((line): unknown => JSON.parse(line)),
    ).toEqual(JSON.parse(JSON.stringify(history)));
    expect(file).toMatchObject({ events: 2 });
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, approval.approvalId)).mode & 0o777).toBe(0o700);

    const manifest = JSON.parse(
      readFileSync(join(dir, archives.writeManifest(approval, [file])), 'utf8'),
    ) as { approval: RetentionDisposalApproved; files: { sha256: string; file: string }[] };
    expect(manifest.approval).toEqual(approval);
    expect(manifest.files).toEqual([file]);
  });

  it('never rewrites a file that exists: a second export after the keys went would hold [effacé]', () => {
    const archives = new ArchiveExport(dir);
    const first = archives.write(approval, 'request-1', [event(0, { name: 'Lou Garnier' })]);
    const again = archives.write(approval, 'request-1', [event(0, { name: '[effacé]' })]);
    expect(again).toEqual(first);
    expect(readFileSync(join(dir, first.file), 'utf8')).toContain('Lou Garnier');
  });

  it('answers the hash of what the file holds, so a changed file shows against the manifest', () => {
    const archives = new ArchiveExport(dir);
    const first = archives.write(approval, 'request-1', [event(0, null)]);
    writeFileSync(join(dir, first.file), '{"tampered":true}\n');
    expect(archives.write(approval, 'request-1', [event(0, null)]).sha256).not.toBe(first.sha256);
  });
});
