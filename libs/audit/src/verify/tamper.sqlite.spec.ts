import { generateKeyPairSync } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AuditSigningKey } from '../signing/audit-signing-key';
import { checkpointLog } from '../checkpoints/compute-checkpoint';
import type { SignedCheckpoint } from '../checkpoints/signed-checkpoint';
import { seedRequests, type SeededRequest, TestClock, tempSqliteStore } from '../testing/seed-log';
import { rehash, rehashStream, rows, tamperAndVerify } from '../testing/tamper-sqlite';
import type { CheckpointToVerify } from './log-verifier';
import type { Finding, VerificationReport } from './verification-report';

/**
 * Each class of tampering, done with plain SQL on a copy of a real SQLite store file, must be
 * detected and located (stream and position).
 */
describe('verify detects tampering of a real SQLite store', () => {
  const key = AuditSigningKey.fromPem(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  let pristine: string;
  let requests: SeededRequest[];
  let checkpoint: SignedCheckpoint;
  let head: number;
  /** The checkpoint an auditor kept outside the store (a file). */
  let kept: CheckpointToVerify[];

  beforeAll(async () => {
    const clock = new TestClock();
    const { store, path } = tempSqliteStore(clock);
    requests = await seedRequests(store, clock, 12);
    head = await store.headPosition();
    checkpoint = await checkpointLog(store, key, { now: clock.now });
    await store.close();
    pristine = path;
    kept = [{ checkpoint, source: 'file', publicKeyPem: key.publicKeyPem }];
  });

  const verify = (mutate: Parameters<typeof tamperAndVerify>[1], checkpoints = kept) =>
    tamperAndVerify(pristine, mutate, checkpoints);

  const expectFinding = (report: VerificationReport, expected: Partial<Finding>) => {
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
  };

  it('finds nothing in an untouched store, and verifies the checkpoint', async () => {
    const report = await verify(() => undefined);
    expect(report).toMatchObject({ ok: true, findingCount: 0, eventsChecked: head });
    expect(report.checkpoints).toEqual([
      { position: head, count: head, source: 'file', status: 'verified' },
    ]);
    expect(report.root).toBe(checkpoint.root);
  });

  it('locates a changed byte in data', async () => {
    const target = requests[3]!;
    let position = 0;
    const report = await verify((db) => {
      const row = rows(db, 'stream_id = ? AND revision = 0', target.streamId)[0]!;
      position = row.position;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
        row.data.replace('Demande 3', 'Demande 8'),
        position,
      );
    });
    expectFinding(report, {
      kind: 'hash_mismatch',
      streamId: target.streamId,
      position,
      revision: 0,
    });
    expect(report.findingCount).toBe(1);
  });

  it('locates a changed byte in metadata and in personal data', async () => {
    const target = requests[5]!;
    const positions: number[] = [];
    const report = await verify((db) => {
      const [filed, routed] = rows(db, 'stream_id = ?', target.streamId);
      positions.push(filed!.position, routed!.position);
      db.prepare('UPDATE events SET personal = ? WHERE position = ?').run(
        filed!.personal!.replace('Citoyen', 'Citoyem'),
        filed!.position,
      );
      db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(
        routed!.metadata.replace('"connector":null', '"connector":"x"'),
        routed!.position,
      );
    });
    for (const position of positions) {
      expectFinding(report, { kind: 'hash_mismatch', streamId: target.streamId, position });
    }
  });

  it('locates a deleted event (revision gap) in its stream', async () => {
    const target = requests[2]!;
    let next = 0;
    const report = await verify((db) => {
      const stream = rows(db, 'stream_id = ?', target.streamId);
      db.prepare('DELETE FROM events WHERE position = ?').run(stream[2]!.position);
      next = stream[3]!.position;
    });
    expectFinding(report, {
      kind: 'event_missing',
      streamId: target.streamId,
      revision: 2,
      position: next,
    });
  });

  it('locates an event inserted into a stream, even with every hash recomputed', async () => {
    const target = requests[7]!;
    let inserted = 0;
    const report = await verify((db) => {
      const stream = rows(db, 'stream_id = ?', target.streamId);
      // Make room at revision 1, then slip a forged event in, chained and hashed correctly.
      db.prepare(
        'UPDATE events SET revision = revision + 1000 WHERE stream_id = ? AND revision >= 1',
      ).run(target.streamId);
      db.prepare(
        'UPDATE events SET revision = revision - 999 WHERE stream_id = ? AND revision >= 1000',
      ).run(target.streamId);
      const model = stream[2]!;
      const forged = {
        ...model,
        revision: 1,
        event_id: 'forged-event',
        data: model.data.replace('Commentaire', 'Faux commentaire'),
        previous_hash: stream[0]!.hash,
      };
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO events (stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          forged.stream_id,
          1,
          forged.event_id,
          forged.type,
          forged.data,
          forged.personal,
          forged.metadata,
          forged.recorded_at,
          rehash(forged),
          forged.previous_hash,
        );
      inserted = Number(lastInsertRowid);
      rehashStream(db, target.streamId);
    });
    expectFinding(report, {
      kind: 'event_out_of_order',
      streamId: target.streamId,
      revision: 1,
      position: inserted,
    });
  });

  it('detects a valid-looking event inserted mid-log (positions renumbered), against the checkpoint', async () => {
    const at = 10;
    const report = await verify((db) => {
      const model = rows(db, 'position = 1')[0]!;
      db.prepare('UPDATE events SET position = position + 100000 WHERE position > ?').run(at);
      db.prepare('UPDATE events SET position = position - 99999 WHERE position > 100000').run();
      const forged = {
        ...model,
        position: at + 1,
        stream_id: 'request-forged',
        event_id: 'forged',
        previous_hash: null,
      };
      db.prepare(
        `INSERT INTO events (position, stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash)
         VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      ).run(
        at + 1,
        forged.stream_id,
        forged.event_id,
        forged.type,
        forged.data,
        forged.personal,
        forged.metadata,
        forged.recorded_at,
        rehash(forged),
      );
    });
    expectFinding(report, { kind: 'checkpoint_mismatch', position: head, afterPosition: 0 });
    expect(report.checkpoints[0]?.status).toBe('mismatch');
    expect(report.findingCount).toBe(1);
  });

  it('locates two events of a stream swapped', async () => {
    const target = requests[4]!;
    let second = 0;
    const report = await verify((db) => {
      const stream = rows(db, 'stream_id = ?', target.streamId);
      const [a, b] = [stream[1]!.position, stream[2]!.position];
      second = b;
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
    });
    expectFinding(report, {
      kind: 'event_out_of_order',
      streamId: target.streamId,
      revision: 1,
      position: second,
    });
  });

  it('detects two events of different streams swapped, against the checkpoint', async () => {
    let swapped = 0;
    const report = await verify((db) => {
      const all = rows(db);
      const index = all.findIndex(
        (row, i) => all[i + 1] && all[i + 1]!.stream_id !== row.stream_id,
      );
      const [a, b] = [all[index]!.position, all[index + 1]!.position];
      swapped = a;
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
    });
    expectFinding(report, { kind: 'checkpoint_mismatch', position: head });
    const finding = report.findings.find((f) => f.kind === 'checkpoint_mismatch')!;
    expect(finding.afterPosition! < swapped && swapped <= finding.position).toBe(true);
  });

  it('detects a truncated tail against the checkpoint, naming where the log now ends', async () => {
    const report = await verify((db) => {
      db.prepare('DELETE FROM events WHERE position > ?').run(head - 3);
    });
    expectFinding(report, { kind: 'log_truncated', afterPosition: head - 3, position: head - 2 });
    expect(report.findingCount).toBe(1);
  });

  it('detects a whole chain rewritten with valid hashes only against a checkpoint kept outside', async () => {
    const target = requests[0]!;
    const rewrite = (db: Database.Database) => {
      const first = rows(db, 'stream_id = ? AND revision = 0', target.streamId)[0]!;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
        first.data.replace('Demande 0', 'Demande modifiée'),
        first.position,
      );
      rehashStream(db, target.streamId);
    };
    // Without a checkpoint the rewrite is self-consistent: nothing to see.
    expect((await verify(rewrite, [])).ok).toBe(true);
    const report = await verify(rewrite);
    expectFinding(report, { kind: 'checkpoint_mismatch', position: head, afterPosition: 0 });
    expect(report.findingCount).toBe(1);
  });

  it('refuses a checkpoint whose signature does not verify', async () => {
    const forged: CheckpointToVerify[] = [
      { ...kept[0]!, checkpoint: { ...checkpoint, count: checkpoint.count - 1 } },
    ];
    const report = await verify(() => undefined, forged);
    expectFinding(report, { kind: 'checkpoint_signature_invalid', position: head });
  });
});
