import { createHash } from 'node:crypto';

/** RFC 9162 §2.1.1 domain separation: a leaf is hashed behind 0x00, an interior node behind 0x01. */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256 of 0x00 || leaf. A leaf hash can never be mistaken for a node hash (and back). */
export function leafHash(leaf: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

/** SHA-256 of 0x01 || left || right. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * The leaf of one event in the audit tree: its global position (unsigned 64-bit big-endian)
 * followed by its 32-byte event hash. Binding the position means an inclusion proof proves where
 * the event sits in the log, and moving an event changes the tree even when its hash does not.
 */
export function eventLeaf(position: number, eventHash: string): Buffer {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`position ${position}: expected a non-negative integer`);
  }
  const hash = Buffer.from(eventHash, 'hex');
  // A hash that is not 64 hex digits still gets a leaf (its bytes as stored), so that a corrupted
  // hash column changes the root instead of stopping the verification.
  const bytes =
    hash.length === 32 && /^[0-9a-f]{64}$/.test(eventHash) ? hash : Buffer.from(eventHash);
  const leaf = Buffer.alloc(8 + bytes.length);
  leaf.writeBigUInt64BE(BigInt(position), 0);
  bytes.copy(leaf, 8);
  return leaf;
}

/** Root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1). */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}
