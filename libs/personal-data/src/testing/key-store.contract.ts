import { randomBytes, randomUUID } from 'node:crypto';

import type { KeyRequest, KeyStore, StoredDataKey } from '../key-store/key-store.port';

/** A fresh key store for one test, and how to dispose of it. */
export type OpenKeyStore = () => Promise<{ store: KeyStore; dispose(): Promise<void> }>;

function candidate(subjectId: string, streamId: string): StoredDataKey {
  return {
    subjectId,
    streamId,
    keyId: randomUUID(),
    wrappedKey: randomBytes(60),
    createdAt: new Date().toISOString(),
  };
}

function request(subjectId: string, streamId: string): KeyRequest {
  return { subjectId, streamId, candidate: candidate(subjectId, streamId) };
}

const at = (erasedAt: string) => ({ erasureId: randomUUID(), erasedAt });

/**
 * The contract every `KeyStore` adapter passes (SQLite, PostgreSQL): one live key per (subject,
 * stream), created once even under concurrent appends, destroyed for good — all of a subject's,
 * or one request's — (a later filing gets a new key), tombstones and the subject's streams kept.
 */
export function keyStoreContract(open: OpenKeyStore): void {
  let store: KeyStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dispose } = await open());
  });
  afterEach(async () => {
    await dispose();
  });

  it('binds itself to the first KEK fingerprint, and answers that one afterwards', async () => {
    expect(await store.bindKeyEncryptionKey('fingerprint-a')).toBe('fingerprint-a');
    expect(await store.bindKeyEncryptionKey('fingerprint-b')).toBe('fingerprint-a');
  });

  it('creates a key per subject and stream on first use, and gives it again for that stream', async () => {
    const [first] = await store.keysForAppend([request('subject-1', 'request-a')]);
    const [again] = await store.keysForAppend([request('subject-1', 'request-a')]);
    const [other] = await store.keysForAppend([request('subject-1', 'request-b')]);
    expect(first).toEqual(
      expect.objectContaining({ subjectId: 'subject-1', streamId: 'request-a' }),
    );
    expect(again!.keyId).toBe(first!.keyId);
    expect(Buffer.compare(again!.wrappedKey, first!.wrappedKey)).toBe(0);
    expect(other!.keyId).not.toBe(first!.keyId);
    expect((await store.streamsOf('subject-1')).sort()).toEqual(['request-a', 'request-b']);
    expect(
      await store.findKeys([
        { subjectId: 'subject-1', streamId: 'request-a' },
        { subjectId: 'nobody', streamId: 'request-a' },
      ]),
    ).toEqual([first]);
    expect((await store.keysOf('subject-1')).map((k) => k.keyId).sort()).toEqual(
      [first!.keyId, other!.keyId].sort(),
    );
  });

  it('gives one key per subject and stream within a batch and across concurrent batches', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.keysForAppend([
          request('subject-1', 'request-a'),
          request('subject-2', 'request-a'),
          request('subject-1', 'request-a'),
          request('subject-1', 'request-b'),
        ]),
      ),
    );
    const ids = (position: number) => new Set(results.map((keys) => keys[position]!.keyId));
    for (const position of [0, 1, 2, 3]) expect(ids(position).size).toBe(1);
    expect(ids(2)).toEqual(ids(0));
    expect(ids(0)).not.toEqual(ids(1));
    expect(ids(0)).not.toEqual(ids(3));
    expect((await store.streamsOf('subject-1')).sort()).toEqual(['request-a', 'request-b']);
  });

  it("destroys a subject's keys for good: tombstones stay, the next filing gets a new key", async () => {
    const [first, second] = await store.keysForAppend([
      request('subject-1', 'request-a'),
      request('subject-1', 'request-b'),
    ]);
    const erasure = at('2026-12-01T10:00:00.000Z');
    expect(
      (await store.destroySubjectKeys('subject-1', erasure)).map((t) => t.keyId).sort(),
    ).toEqual([first!.keyId, second!.keyId].sort());
    expect(await store.keysOf('subject-1')).toEqual([]);
    expect(await store.destroySubjectKeys('subject-1', erasure)).toEqual([]);

    const [third] = await store.keysForAppend([request('subject-1', 'request-c')]);
    expect([first!.keyId, second!.keyId]).not.toContain(third!.keyId);
    const later = at('2026-12-02T10:00:00.000Z');
    await store.destroySubjectKeys('subject-1', later);
    const tombstones = await store.tombstones('subject-1');
    expect(tombstones).toHaveLength(3);
    expect(tombstones[2]).toEqual({ subjectId: 'subject-1', keyId: third!.keyId, ...later });
    // The index of streams outlives the keys: a second erasure still finds every request.
    expect((await store.streamsOf('subject-1')).sort()).toEqual([
      'request-a',
      'request-b',
      'request-c',
    ]);
  });

  it("destroys one request's keys only, leaving the subject's other requests", async () => {
    const [a1, b1, a2] = await store.keysForAppend([
      request('subject-1', 'request-a'),
      request('subject-1', 'request-b'),
      request('subject-2', 'request-a'),
    ]);
    const disposal = at('2026-12-01T10:00:00.000Z');
    const destroyed = await store.destroyScopedKeys(
      [
        { subjectId: 'subject-1', streamId: 'request-a' },
        { subjectId: 'subject-2', streamId: 'request-a' },
      ],
      disposal,
    );
    expect(destroyed.map((t) => t.keyId).sort()).toEqual([a1!.keyId, a2!.keyId].sort());
    expect(await store.keysOf('subject-1')).toEqual([b1]);
    expect(await store.keysOf('subject-2')).toEqual([]);
    expect(
      await store.destroyScopedKeys([{ subjectId: 'subject-1', streamId: 'request-a' }], disposal),
    ).toEqual([]);
    expect(await store.destroySubjectKey('subject-1', disposal)).toBeNull();
    expect(await store.tombstones('subject-2')).toEqual([
      { subjectId: 'subject-2', keyId: a2!.keyId, ...disposal },
    ]);
  });

  it('knows nothing of a subject it never saw', async () => {
    expect(await store.findKeys([{ subjectId: 'nobody', streamId: 'request-a' }])).toEqual([]);
    expect(await store.keysOf('nobody')).toEqual([]);
    expect(await store.tombstones('nobody')).toEqual([]);
    expect(await store.streamsOf('nobody')).toEqual([]);
    expect(await store.destroySubjectKeys('nobody', at(new Date().toISOString()))).toEqual([]);
  });
}
