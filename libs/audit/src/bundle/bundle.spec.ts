import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, type RecordedEvent, SqliteEventStore } from '@maillage/event-store';
import { AuditService } from '../audit.service';
import { checkpointMessage } from '../checkpoints/signed-checkpoint';
import { verifyEventInclusion } from '../checkpoints/event-inclusion';
import { SqliteAuditCheckpointStore } from '../checkpoints/sqlite.audit-checkpoint-store';
import { readLog } from '../replay/read-log';
import { AuditSigningKey } from '../signing/audit-signing-key';
import { seedRequests, TestClock, tempSqliteStore } from '../testing/seed-log';
import { BUNDLE_FILES } from './bundle-manifest';
import { importBundle } from './import-bundle';
import { verifyBundle } from './verify-bundle';

const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `maillage-${label}-`));

describe('export bundle', () => {
  let store: EventStore;
  let audit: AuditService;
  let checkpoints: SqliteAuditCheckpointStore;
  let bundle: string;
  let events: RecordedEvent[];

  beforeAll(async () => {
    const clock = new TestClock();
    const temp = tempSqliteStore(clock);
    store = temp.store;
    await seedRequests(store, clock, 6);
    checkpoints = new SqliteAuditCheckpointStore(join(temp.dir, 'audit.sqlite'));
    const key = AuditSigningKey.loadOrCreate(join(temp.dir, 'audit-ed25519.pem'));
    audit = new AuditService(store, checkpoints, key, clock.now);
    await audit.createCheckpoint(); // an earlier checkpoint…
    await seedRequests(store, clock, 2); // …then more events
    bundle = join(tempDir('bundle'), 'out');
    await audit.export(bundle);
    events = [];
    for await (const event of readLog(store)) events.push(event);
  });
  afterAll(async () => {
    await checkpoints.close();
    await store.close();
  });

  it('holds every event, the checkpoints, the key, and verifies offline', async () => {
    const manifest = JSON.parse(readFileSync(join(bundle, BUNDLE_FILES.manifest), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'maillage-audit-bundle/v1',
      eventCount: events.length,
    });
    const result = await verifyBundle(bundle, { publicKeyPem: audit.publicKeyPem });
    expect(result.bundleProblems).toEqual([]);
    expect(result.report.findings).toEqual([]);
    expect(result.report.checkpoints.map((c) => c.status)).toEqual(['verified', 'verified']);
    expect(result.ok).toBe(true);
  });

  it('reports an edited event file, and the event edited', async () => {
    const copy = tempDir('bundle-edit');
    for (const name of Object.values(BUNDLE_FILES)) {
      writeFileSync(join(copy, name), readFileSync(join(bundle, name)));
    }
    const lines = readFileSync(join(copy, BUNDLE_FILES.events), 'utf8').split('\n');
    lines[4] = lines[4]!.replace('"Demande', '"Demende');
    writeFileSync(join(copy, BUNDLE_FILES.events), lines.join('\n'));
    const result = await verifyBundle(copy);
    expect(result.ok).toBe(false);
    expect(result.bundleProblems[0]).toContain('events.ndjson');
    expect(result.report.findings[0]).toMatchObject({
      kind: 'hash_mismatch',
      position: events[4]!.position,
    });
  });

  it('refuses checkpoints signed by another key than the one the auditor holds', async () => {
    const other = AuditSigningKey.loadOrCreate(join(tempDir('other-key'), 'k.pem'));
    const result = await verifyBundle(bundle, { publicKeyPem: other.publicKeyPem });
    expect(result.ok).toBe(false);
    expect(result.report.findings.map((f) => f.kind)).toContain('checkpoint_signature_invalid');
  });

  it('imports into a fresh SQLite store that reproduces every position and hash', async () => {
    const path = join(tempDir('import'), 'events.sqlite');
    const result = await importBundle(bundle, (now) =>
      Promise.resolve(new SqliteEventStore({ path, now })),
    );
    expect(result).toEqual({ events: events.length, identical: true, differences: [] });
    const imported = new SqliteEventStore({ path });
    const copy: RecordedEvent[] = [];
    for await (const event of readLog(imported)) copy.push(event);
    await imported.close();
    expect(copy).toEqual(events);
    await expect(
      importBundle(bundle, (now) => Promise.resolve(new SqliteEventStore({ path, now }))),
    ).rejects.toThrow(/not empty/);
  });

  it('proves an event is in a checkpoint, checkable offline', async () => {
    const [first, last] = [(await audit.checkpoints())[0]!, (await audit.checkpoints()).at(-1)!];
    const event = events[3]!;
    const proof = await audit.proof(last.position, event.eventId);
    expect(proof).not.toBeNull();
    expect(verifyEventInclusion(proof!, audit.publicKeyPem)).toBe(true);
    expect(
      verifyEventInclusion({ ...proof!, leafIndex: proof!.leafIndex + 1 }, audit.publicKeyPem),
    ).toBe(false);
    expect(
      verifyEventInclusion(
        { ...proof!, event: { ...proof!.event, hash: events[2]!.hash } },
        audit.publicKeyPem,
      ),
    ).toBe(false);
    // An event appended after the first checkpoint is not in it.
    expect(await audit.proof(first.position, events.at(-1)!.eventId)).toBeNull();
  });

  it('checkpoint signatures verify with openssl, as the README tells auditors', () => {
    const dir = tempDir('openssl');
    const checkpoint = JSON.parse(readFileSync(join(bundle, BUNDLE_FILES.checkpoints), 'utf8'))
      .checkpoints[0];
    const message = join(dir, 'checkpoint.txt');
    const signature = join(dir, 'checkpoint.sig');
    // The README's printf line, run by a shell.
    execFileSync('sh', [
      '-c',
      `printf 'maillage-checkpoint/v1\\n%s\\n%s\\n%s\\n%s\\n' "$1" "$2" "$3" "$4" > "$5"`,
      'sh',
      String(checkpoint.position),
      String(checkpoint.count),
      checkpoint.root,
      checkpoint.createdAt,
      message,
    ]);
    expect(readFileSync(message)).toEqual(checkpointMessage(checkpoint));
    writeFileSync(signature, Buffer.from(checkpoint.signature, 'base64'));
    const verify = (file: string) =>
      execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          join(bundle, BUNDLE_FILES.publicKey),
          '-rawin',
          '-in',
          file,
          '-sigfile',
          signature,
        ],
        { stdio: 'pipe' },
      ).toString();
    expect(verify(message)).toContain('Signature Verified Successfully');
    writeFileSync(
      message,
      readFileSync(message, 'utf8').replace(/\n(\d+)\n/, (_, p: string) => `\n${Number(p) + 1}\n`),
    );
    expect(() => verify(message)).toThrow();
  });
});
