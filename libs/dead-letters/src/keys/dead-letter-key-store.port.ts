/**
 * The key of one sealed dead letter, wrapped under the hub's key-encryption key, and where the
 * message it seals came from. No personal data: ids, positions and times.
 */
export interface DeadLetterKey {
  /** A random UUID, never reused; the dead letter's `maillage_dlq_kid` header. */
  readonly keyId: string;
  /** AES-256 key wrapped by the `KeyEncryptionKey` (AES-256-GCM). */
  readonly wrappedKey: Buffer;
  /** ISO 8601 UTC: the key expires with the dead-letter topic's retention after this. */
  readonly createdAt: string;
  /** The dead-letter topic the sealed letter went to. */
  readonly dlqTopic: string;
  readonly consumer: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number | null;
  readonly sourceOffset: string | null;
}

/** What is left of a key an erasure destroyed: no key material. */
export interface DeadLetterKeyTombstone {
  readonly keyId: string;
  readonly erasureId: string;
  /** ISO 8601 UTC. */
  readonly destroyedAt: string;
}

/** What a replay did, recorded so that a second replay answers the same. */
export interface DeadLetterReplay {
  /** `<dlq topic>/<partition>/<offset>`. */
  readonly deadLetter: string;
  /** The topic the payload was published to again (its source topic). */
  readonly topic: string;
  /** ISO 8601 UTC. */
  readonly replayedAt: string;
}

/**
 * The dead-letter keys, in the key store's database (its SQLite file, or its PostgreSQL schema)
 * in tables of their own. Every adapter passes `dead-letter-key-store.contract.ts`.
 */
export interface DeadLetterKeyStore {
  /** Stores a new key; durable when it resolves (before the letter it seals is published). */
  save(key: DeadLetterKey): Promise<void>;
  /** The live keys among `keyIds`. */
  find(keyIds: readonly string[]): Promise<DeadLetterKey[]>;
  /** Every live key. */
  live(): Promise<DeadLetterKey[]>;
  /** Deletes these keys and records their tombstones, in one transaction; how many went. */
  destroy(
    keyIds: readonly string[],
    destruction: { readonly erasureId: string; readonly destroyedAt: string },
  ): Promise<number>;
  /** The tombstones among `keyIds`. */
  tombstones(keyIds: readonly string[]): Promise<DeadLetterKeyTombstone[]>;
  /** Deletes keys, tombstones and replays older than `before` (ISO 8601); how many keys went. */
  expire(before: string): Promise<number>;
  /** Records a replay unless one is recorded already; answers the one that stands (the first). */
  recordReplay(replay: DeadLetterReplay): Promise<DeadLetterReplay>;
  replayOf(deadLetter: string): Promise<DeadLetterReplay | null>;
  close(): Promise<void>;
}
