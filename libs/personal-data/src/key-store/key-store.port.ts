/**
 * A data key as the key store keeps it: wrapped under the KEK, never in clear. Keys made since
 * retention came in belong to one citizen's data in one request stream (`streamId`); a key made
 * before (`streamId: null`, "subject key") opens every request of its citizen until it goes.
 */
export interface StoredDataKey {
  /** The citizen's pseudonymous id. */
  readonly subjectId: string;
  /** The request stream whose data of the subject it encrypts; null for a subject key. */
  readonly streamId: string | null;
  /** A random UUID, unique among every key the store ever held: a destroyed id never comes back. */
  readonly keyId: string;
  /** The AES-256 key wrapped by the `KeyEncryptionKey` (AES-256-GCM). */
  readonly wrappedKey: Buffer;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

/** What is left of a destroyed key: when, and by which erasure or disposal. No key material. */
export interface KeyTombstone {
  readonly subjectId: string;
  readonly keyId: string;
  /** The erasure, or the retention approval, that destroyed it. */
  readonly erasureId: string;
  /** ISO 8601 UTC. */
  readonly erasedAt: string;
}

/** Whose data, in which request stream: what a key is scoped to. */
export interface KeyScope {
  readonly subjectId: string;
  readonly streamId: string;
}

/** One personal part about to be appended: whose it is, and in which stream. */
export interface KeyRequest extends KeyScope {
  /** Inserted as the key of (subject, stream) when it has no live key. */
  readonly candidate: StoredDataKey;
}

/** An erasure or a disposal, as recorded in the tombstones of the keys it destroys. */
export interface KeyDestruction {
  readonly erasureId: string;
  readonly erasedAt: string;
}

/**
 * The key store, kept apart from the events — its own SQLite file or its own PostgreSQL schema —
 * so that a copy of the events reveals nothing without it. One live data key per (subject,
 * request stream): an erasure destroys every key of the subject, a retention disposal the keys
 * of the disposed request only. Subject keys made before that (one per subject) still open what
 * they sealed. It also remembers which streams hold each subject's data (pseudonymous ids only),
 * so that an erasure finds them without scanning the log. Every adapter passes
 * `key-store.contract.ts`.
 */
export interface KeyStore {
  /**
   * Binds the store to the KEK whose fingerprint is given, the first time; returns the
   * fingerprint it is bound to (another one means another hub secret).
   */
  bindKeyEncryptionKey(fingerprint: string): Promise<string>;
  /**
   * For each request, in order: the live key of its (subject, stream) — the candidate, inserted,
   * when it had none — and the stream recorded as holding the subject's data. One transaction,
   * durable when it resolves: a key is stored before any event it encrypts.
   */
  keysForAppend(requests: readonly KeyRequest[]): Promise<StoredDataKey[]>;
  /** The live keys that may open data of these scopes: each scope's own, and its subject's key. */
  findKeys(scopes: readonly KeyScope[]): Promise<StoredDataKey[]>;
  /** Every live key of the subject (its subject key and its per-stream keys). */
  keysOf(subjectId: string): Promise<StoredDataKey[]>;
  /**
   * Deletes every live key of the subject and records their tombstones, in one transaction. The
   * adapter makes sure no copy of a wrapped key stays in its files (SQLite: secure delete, WAL
   * truncated). Empty when the subject had none left.
   */
  destroySubjectKeys(subjectId: string, destruction: KeyDestruction): Promise<KeyTombstone[]>;
  /** Deletes the per-stream keys of these scopes (not subject keys), with their tombstones. */
  destroyScopedKeys(
    scopes: readonly KeyScope[],
    destruction: KeyDestruction,
  ): Promise<KeyTombstone[]>;
  /** Deletes the subject key of `subjectId` (made before per-stream keys), if it has one. */
  destroySubjectKey(subjectId: string, destruction: KeyDestruction): Promise<KeyTombstone | null>;
  /** The subject's destroyed keys, oldest first. */
  tombstones(subjectId: string): Promise<KeyTombstone[]>;
  /** The streams that ever held the subject's data, in no particular order. */
  streamsOf(subjectId: string): Promise<string[]>;
  close(): Promise<void>;
}
