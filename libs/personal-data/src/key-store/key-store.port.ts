/** A citizen's data key as the key store keeps it: wrapped under the KEK, never in clear. */
export interface StoredDataKey {
  /** The citizen's pseudonymous id (one live key per subject at most). */
  readonly subjectId: string;
  /** A random UUID, unique among every key the store ever held: a destroyed id never comes back. */
  readonly keyId: string;
  /** The AES-256 key wrapped by the `KeyEncryptionKey` (AES-256-GCM). */
  readonly wrappedKey: Buffer;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

/** What is left of a destroyed key: when, and by which erasure. No key material. */
export interface KeyTombstone {
  readonly subjectId: string;
  readonly keyId: string;
  readonly erasureId: string;
  /** ISO 8601 UTC. */
  readonly erasedAt: string;
}

/** One personal part about to be appended: whose it is, and in which stream. */
export interface KeyRequest {
  readonly subjectId: string;
  readonly streamId: string;
  /** Inserted as the subject's key when the subject has no live key. */
  readonly candidate: StoredDataKey;
}

/**
 * The key store: one data key per citizen (subject), kept apart from the events — its own SQLite
 * file or its own PostgreSQL schema — so that a copy of the events reveals nothing without it.
 * It also remembers which streams hold each subject's data (pseudonymous ids only), so that an
 * erasure finds them without scanning the log. Every adapter passes `key-store.contract.ts`.
 */
export interface KeyStore {
  /**
   * Binds the store to the KEK whose fingerprint is given, the first time; returns the
   * fingerprint it is bound to (another one means another hub secret).
   */
  bindKeyEncryptionKey(fingerprint: string): Promise<string>;
  /**
   * For each request, in order: the subject's live key — the candidate, inserted, when it had
   * none (first filing, or first since an erasure) — and the stream recorded as holding the
   * subject's data. One transaction, durable when it resolves: a key is stored before any event
   * it encrypts.
   */
  keysForAppend(requests: readonly KeyRequest[]): Promise<StoredDataKey[]>;
  /** The live keys of these subjects (those that have one). */
  findKeys(subjectIds: readonly string[]): Promise<StoredDataKey[]>;
  /**
   * Deletes the subject's live key and records its tombstone, in one transaction; null when the
   * subject has no live key (never seen, or already erased). The adapter makes sure no copy of
   * the wrapped key stays in its files (SQLite: secure delete, WAL truncated).
   */
  destroyKey(
    subjectId: string,
    erasure: { readonly erasureId: string; readonly erasedAt: string },
  ): Promise<KeyTombstone | null>;
  /** The subject's destroyed keys, oldest first. */
  tombstones(subjectId: string): Promise<KeyTombstone[]>;
  /** The streams that ever held the subject's data, in no particular order. */
  streamsOf(subjectId: string): Promise<string[]>;
  close(): Promise<void>;
}
