import { randomBytes, randomUUID } from 'node:crypto';

import { KEY_BYTES, KeyEncryptionKey } from './crypto/key-encryption-key';
import type { KeyStore, KeyTombstone } from './key-store/key-store.port';
import { PersonalDataError } from './personal-data.error';

/** A citizen's data key, unwrapped: held in memory only. */
export interface DataKey {
  readonly keyId: string;
  readonly key: Buffer;
}

export interface DataKeysOptions {
  /**
   * How long an unwrapped key (or the absence of a key) is reused for reads without asking the
   * key store again, in ms (default 30 000). Another process that destroys the key is thus heard
   * of within this time; in the process that destroys it, at once. Appends always ask the store.
   */
  readonly cacheTtlMs?: number;
  /** Most keys held in memory (default 10 000); the oldest go first. */
  readonly cacheSize?: number;
  /** Hub clock (default: the system clock). */
  readonly now?: () => Date;
}

interface PendingAppend {
  readonly subjectId: string;
  readonly streamId: string;
  readonly resolve: (key: DataKey) => void;
  readonly reject: (error: unknown) => void;
}

interface CachedKey {
  /** The subject's live key, or null when it has none. */
  readonly key: DataKey | null;
  readonly until: number;
}

/**
 * The citizens' data keys: created on first use, unwrapped with the KEK derived from the hub
 * secret, cached briefly for reads, destroyed on erasure. Appends running at once share one
 * key-store transaction (group commit: one in flight, the next takes whatever queued meanwhile),
 * so that encryption does not cost a durable write per filing.
 */
export class DataKeys {
  private readonly cacheTtlMs: number;
  private readonly cacheSize: number;
  private readonly now: () => Date;
  private readonly cache = new Map<string, CachedKey>();
  private readonly queue: PendingAppend[] = [];
  private writing = false;
  private scheduled = false;

  private constructor(
    private readonly store: KeyStore,
    private readonly kek: KeyEncryptionKey,
    options: DataKeysOptions,
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.cacheSize = options.cacheSize ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Binds the key store to the KEK of this hub secret (on its first use).
   * @throws PersonalDataError `PERSONAL_DATA.KEY_MISMATCH` when the store was sealed under
   *   another hub secret: booting would otherwise show every citizen as erased.
   */
  static async open(
    store: KeyStore,
    hubSecret: string,
    options: DataKeysOptions = {},
  ): Promise<DataKeys> {
    const kek = KeyEncryptionKey.fromHubSecret(hubSecret);
    const bound = await store.bindKeyEncryptionKey(kek.fingerprint);
    if (bound !== kek.fingerprint) {
      throw new PersonalDataError(
        'PERSONAL_DATA.KEY_MISMATCH',
        'the key store was sealed under another hub secret (MAILLAGE_HUB_SECRET): its keys cannot be unwrapped',
      );
    }
    return new DataKeys(store, kek, options);
  }

  /**
   * The live key of `subjectId` to encrypt a personal part appended to `streamId`, created if the
   * subject has none, with the stream recorded as holding the subject's data — durably, before
   * it resolves.
   */
  forAppend(subjectId: string, streamId: string): Promise<DataKey> {
    return new Promise<DataKey>((resolve, reject) => {
      this.queue.push({ subjectId, streamId, resolve, reject });
      if (this.writing || this.scheduled) return;
      // Like the SQLite event store's flush: what the rest of this turn of the event loop asks
      // for joins the same transaction (a synchronous key store would otherwise commit, and
      // fsync, once per filing).
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  /**
   * The keys that open these (subject, key id) pairs: a pair whose key was destroyed — or that
   * this key store never held — is absent from the result.
   */
  async forRead(
    pairs: readonly { readonly subjectId: string; readonly keyId: string }[],
  ): Promise<Map<string, DataKey>> {
    const now = this.now().getTime();
    const missing = new Set<string>();
    for (const { subjectId } of pairs) {
      const cached = this.cache.get(subjectId);
      if (!cached || cached.until <= now) missing.add(subjectId);
    }
    if (missing.size > 0) {
      const found = new Map(
        (await this.store.findKeys([...missing])).map((stored) => [stored.subjectId, stored]),
      );
      for (const subjectId of missing) {
        const stored = found.get(subjectId);
        this.remember(
          subjectId,
          stored
            ? {
                keyId: stored.keyId,
                key: this.kek.unwrap(subjectId, stored.keyId, stored.wrappedKey),
              }
            : null,
        );
      }
    }
    const keys = new Map<string, DataKey>();
    for (const { subjectId, keyId } of pairs) {
      const live = this.cache.get(subjectId)?.key;
      if (live && live.keyId === keyId) keys.set(keyId, live);
    }
    return keys;
  }

  /**
   * Destroys the subject's live key — every personal part it encrypted becomes unreadable for
   * good — and keeps its tombstone; null when there was no live key (already erased).
   */
  async destroy(
    subjectId: string,
    erasure: { readonly erasureId: string; readonly erasedAt: string },
  ): Promise<KeyTombstone | null> {
    this.cache.delete(subjectId);
    try {
      return await this.store.destroyKey(subjectId, erasure);
    } finally {
      // An append or read that raced the destruction must not leave the old key cached.
      this.cache.delete(subjectId);
    }
  }

  /** Whether the subject has a live key, asked of the key store (no cache). */
  async hasKey(subjectId: string): Promise<boolean> {
    return (await this.store.findKeys([subjectId])).length > 0;
  }

  tombstones(subjectId: string): Promise<KeyTombstone[]> {
    return this.store.tombstones(subjectId);
  }

  streamsOf(subjectId: string): Promise<string[]> {
    return this.store.streamsOf(subjectId);
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.store.close();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        try {
          const createdAt = this.now().toISOString();
          const stored = await this.store.keysForAppend(
            batch.map(({ subjectId, streamId }) => {
              const keyId = randomUUID();
              const key = randomBytes(KEY_BYTES);
              return {
                subjectId,
                streamId,
                candidate: {
                  subjectId,
                  keyId,
                  wrappedKey: this.kek.wrap(subjectId, keyId, key),
                  createdAt,
                },
              };
            }),
          );
          batch.forEach((pending, index) => {
            const { subjectId, keyId, wrappedKey } = stored[index]!;
            try {
              const key = { keyId, key: this.kek.unwrap(subjectId, keyId, wrappedKey) };
              this.remember(subjectId, key);
              pending.resolve(key);
            } catch (error) {
              pending.reject(error);
            }
          });
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private remember(subjectId: string, key: DataKey | null): void {
    this.cache.delete(subjectId);
    this.cache.set(subjectId, { key, until: this.now().getTime() + this.cacheTtlMs });
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
