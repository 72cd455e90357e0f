import { randomBytes, randomUUID } from 'node:crypto';

import { KEY_BYTES, KeyEncryptionKey } from './crypto/key-encryption-key';
import type {
  KeyDestruction,
  KeyScope,
  KeyStore,
  KeyTombstone,
  StoredDataKey,
} from './key-store/key-store.port';
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

interface CachedKeys {
  /** The live keys that may open a scope's data: its own, and its subject's (older) key. */
  readonly keys: readonly DataKey[];
  readonly until: number;
}

/** The cache's key of a (subject, stream) scope. */
const scopeOf = ({ subjectId, streamId }: KeyScope): string => `${subjectId}\n${streamId}`;

/**
 * The citizens' data keys, one per (citizen, request stream): created on first use, unwrapped
 * with the KEK derived from the hub secret, cached briefly for reads, destroyed on erasure (all
 * of a citizen's) or on a retention disposal (those of the disposed request). Appends running at once share one
 * key-store transaction (group commit: one in flight, the next takes whatever queued meanwhile),
 * so that encryption does not cost a durable write per filing.
 */
export class DataKeys {
  private readonly cacheTtlMs: number;
  private readonly cacheSize: number;
  private readonly now: () => Date;
  private readonly cache = new Map<string, CachedKeys>();
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
   * The live key of (`subjectId`, `streamId`) to encrypt a personal part appended to that stream,
   * created if it has none, with the stream recorded as holding the subject's data — durably, before
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
   * The keys that open these (subject, stream, key id) triples: one whose key was destroyed — or
   * that this key store never held — is absent from the result.
   */
  async forRead(
    triples: readonly {
      readonly subjectId: string;
      readonly streamId: string;
      readonly keyId: string;
    }[],
  ): Promise<Map<string, DataKey>> {
    const now = this.now().getTime();
    const missing = new Map<string, KeyScope>();
    for (const triple of triples) {
      const cached = this.cache.get(scopeOf(triple));
      if (!cached || cached.until <= now) missing.set(scopeOf(triple), triple);
    }
    if (missing.size > 0) {
      const found = await this.store.findKeys([...missing.values()]);
      for (const [scope, { subjectId, streamId }] of missing) {
        this.remember(
          scope,
          found
            .filter(
              (stored) =>
                stored.subjectId === subjectId &&
                (stored.streamId === null || stored.streamId === streamId),
            )
            .map((stored) => this.unwrap(stored)),
        );
      }
    }
    const keys = new Map<string, DataKey>();
    for (const triple of triples) {
      const live = this.cache.get(scopeOf(triple))?.keys.find((k) => k.keyId === triple.keyId);
      if (live) keys.set(live.keyId, live);
    }
    return keys;
  }

  /**
   * Destroys every live key of the subject — every personal part of theirs becomes unreadable for
   * good — and keeps their tombstones; empty when none was left (already erased).
   */
  destroySubject(subjectId: string, destruction: KeyDestruction): Promise<KeyTombstone[]> {
    return this.destroying(() => this.store.destroySubjectKeys(subjectId, destruction));
  }

  /**
   * Destroys the per-request keys of these scopes: their personal parts in those streams become
   * unreadable, the subjects' other requests stay readable. Subject keys are not touched.
   */
  destroyScoped(scopes: readonly KeyScope[], destruction: KeyDestruction): Promise<KeyTombstone[]> {
    return this.destroying(() => this.store.destroyScopedKeys(scopes, destruction));
  }

  /** Destroys the subject key (made before keys were per request) of `subjectId`, if any. */
  async destroySubjectKey(
    subjectId: string,
    destruction: KeyDestruction,
  ): Promise<KeyTombstone | null> {
    const [tombstone] = await this.destroying(async () => {
      const destroyed = await this.store.destroySubjectKey(subjectId, destruction);
      return destroyed ? [destroyed] : [];
    });
    return tombstone ?? null;
  }

  /** The subject's live keys, asked of the key store (no cache); their material stays wrapped. */
  liveKeys(subjectId: string): Promise<readonly Omit<StoredDataKey, 'wrappedKey'>[]> {
    return this.store.keysOf(subjectId).then((keys) =>
      keys.map(({ subjectId: subject, streamId, keyId, createdAt }) => ({
        subjectId: subject,
        streamId,
        keyId,
        createdAt,
      })),
    );
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
                  streamId,
                  keyId,
                  wrappedKey: this.kek.wrap(subjectId, keyId, key),
                  createdAt,
                },
              };
            }),
          );
          batch.forEach((pending, index) => {
            try {
              pending.resolve(this.unwrap(stored[index]!));
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

  private unwrap(stored: StoredDataKey): DataKey {
    return {
      keyId: stored.keyId,
      key: this.kek.unwrap(stored.subjectId, stored.keyId, stored.wrappedKey),
    };
  }

  /**
   * Destructions are rare: the whole read cache goes, before and after (an append or read that
   * raced the destruction must not leave a destroyed key cached).
   */
  private async destroying(work: () => Promise<KeyTombstone[]>): Promise<KeyTombstone[]> {
    this.cache.clear();
    try {
      return await work();
    } finally {
      this.cache.clear();
    }
  }

  private remember(scope: string, keys: readonly DataKey[]): void {
    this.cache.delete(scope);
    this.cache.set(scope, { keys, until: this.now().getTime() + this.cacheTtlMs });
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
