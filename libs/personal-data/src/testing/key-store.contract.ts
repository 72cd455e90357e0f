import { randomBytes, randomUUID } from 'node:crypto';

import type { KeyRequest, KeyStore, StoredDataKey } from '../key-store/key-store.port';

/** A fresh key store for one test, and how to dispose of it. */
export type OpenKeyStore = () => Promise<{ store: KeyStore; dispose(): Promise<void> }>;

function candidate(subjectId: string): StoredDataKey {
  return {
    subjectId,
    keyId: randomUUID(),
    wrappedKey: randomBytes(60),
    createdAt: new Date().toISOString(),
  };
}

function request(subjectId: string, streamId: string): KeyRequest {
  return { subjectId, streamId, candidate: candidate(subjectId) };
}

/**
 * The contract every `KeyStore` adapter passes (SQLite, PostgreSQL): one live key per subject,
 * created once even under concurrent appends, destroyed for good (a later filing gets a new key),
 * tombstones and the subject's streams kept.
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

  it("creates a subject's key on first use, and gives the same one for its next streams", async () => {
    const [first] = await store.keysForAppend([request('subject-1', 'request-a')]);
    const [again] = await store.keysForAppend([request('subject-1', 'request-b')]);
    expect(first).toEqual(expect.objectContaining({ subjectId: 'subject-1' }));
    expect(again!.keyId).toBe(first!.keyId);
    expect(Buffer.compare(again!.wrappedKey, first!.wrappedKey)).toBe(0);
    expect((await store.streamsOf('subject-1')).sort()).toEqual(['request-a', 'request-b']);
    expect(await store.findKeys(['subject-1', 'nobody'])).toEqual([first]);
  });

  it('gives one key per subject within a batch and across concurrent batches', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.keysForAppend([
          request('subject-1', `request-${index}`),
          request('subject-2', `request-${index}`),
          request('subject-1', `request-${index}`),
        ]),
      ),
    );
    const ids = (position: number) => new Set(results.map((keys) => keys[position]!.keyId));
    expect(ids(0).size).toBe(1);
    expect(ids(1).size).toBe(1);
    expect(ids(2)).toEqual(ids(0));
    expect(ids(0)).not.toEqual(ids(1));
    expect(await store.streamsOf('subject-1')).toHaveLength(8);
  });

  it('destroys a key for good: a tombstone stays, the next filing gets a new key', async () => {
    const [first] = await store.keysForAppend([request('subject-1', 'request-a')]);
    const erasure = { erasureId: randomUUID(), erasedAt: '2026-12-01T10:00:00.000Z' };
    expect(await store.destroyKey('subject-1', erasure)).toEqual({
      subjectId: 'subject-1',
      keyId: first!.keyId,
      ...erasure,
    });
    expect(await store.findKeys(['subject-1'])).toEqual([]);
    expect(await store.destroyKey('subject-1', erasure)).toBeNull();

    const [second] = await store.keysForAppend([request('subject-1', 'request-b')]);
    expect(second!.keyId).not.toBe(first!.keyId);
    const later = { erasureId: randomUUID(), erasedAt: '2026-12-02T10:00:00.000Z' };
    await store.destroyKey('subject-1', later);
    expect(await store.tombstones('subject-1')).toEqual([
      { subjectId: 'subject-1', keyId: first!.keyId, ...erasure },
      { subjectId: 'subject-1', keyId: second!.keyId, ...later },
    ]);
    // The index of streams outlives the keys: a second erasure still finds every request.
    expect((await store.streamsOf('subject-1')).sort()).toEqual(['request-a', 'request-b']);
  });

  it('knows nothing of a subject it never saw', async () => {
    expect(await store.findKeys(['nobody'])).toEqual([]);
    expect(await store.tombstones('nobody')).toEqual([]);
    expect(await store.streamsOf('nobody')).toEqual([]);
    expect(
      await store.destroyKey('nobody', {
        erasureId: randomUUID(),
        erasedAt: new Date().toISOString(),
      }),
    ).toBeNull();
  });
}
