/**
 * A signed statement of the global log: the Merkle root (RFC 9162, see `merkle/`) of the first
 * `count` events, which are exactly the events at positions <= `position`.
 */
export interface Checkpoint {
  /** Global position the checkpoint covers, inclusive. */
  readonly position: number;
  /** Number of events at positions <= `position` (the tree size). */
  readonly count: number;
  /** Tree hash, lower-case hex. */
  readonly root: string;
  /** When the hub signed it, ISO 8601 UTC. */
  readonly createdAt: string;
}

/** A checkpoint with the Ed25519 signature of `checkpointMessage(checkpoint)`. */
export interface SignedCheckpoint extends Checkpoint {
  /** Id of the signing key (`publicKeyId`). */
  readonly keyId: string;
  /** Ed25519 signature, base64. */
  readonly signature: string;
}

/**
 * The exact bytes that are signed: five lines, each ended by a newline, so that an auditor can
 * rebuild them with `printf` and check the signature with openssl (see the README).
 *
 *     maillage-checkpoint/v1
 *     <position>
 *     <count>
 *     <root>
 *     <createdAt>
 */
export function checkpointMessage(checkpoint: Checkpoint): Buffer {
  return Buffer.from(
    `maillage-checkpoint/v1\n${checkpoint.position}\n${checkpoint.count}\n${checkpoint.root}\n${checkpoint.createdAt}\n`,
    'utf8',
  );
}
