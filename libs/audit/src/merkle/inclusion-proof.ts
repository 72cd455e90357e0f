import { MerkleAccumulator } from './merkle-accumulator';
import { leafHash, nodeHash } from './merkle-hash';

/** A half-open range [start, end) of leaf indexes whose subtree hash is one node of a proof. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The subtrees whose hashes make the inclusion proof of leaf `index` in a tree of `size` leaves,
 * from the leaf upwards (RFC 9162 §2.1.3.1 PATH). They are disjoint and together cover every
 * leaf but `index`, so one ordered pass over the leaves computes them all.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  }
  const path: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const split = start + largestPowerOfTwoBelow(end - start);
    if (index < split) {
      path.push({ start: split, end });
      end = split;
    } else {
      path.push({ start, end: split });
      start = split;
    }
  }
  return path.reverse();
}

/**
 * Builds the proof from leaves read once, in order (`leaves` yields the leaf data of index
 * 0, 1, …; at least `size` of them). Memory O(log size).
 */
export async function buildInclusionProof(
  index: number,
  size: number,
  leaves: AsyncIterable<Buffer>,
): Promise<Buffer[]> {
  const ranges = inclusionProofRanges(index, size);
  const byStart = new Map(ranges.map((range, order) => [range.start, { range, order }]));
  const proof: Buffer[] = new Array<Buffer>(ranges.length);
  let current: { range: LeafRange; order: number; acc: MerkleAccumulator } | null = null;
  let position = 0;
  for await (const leaf of leaves) {
    if (position >= size) break;
    const starting = byStart.get(position);
    if (starting) current = { ...starting, acc: new MerkleAccumulator() };
    if (current && position < current.range.end) {
      current.acc.append(leaf);
      if (position === current.range.end - 1) {
        proof[current.order] = current.acc.root();
        current = null;
      }
    }
    position++;
  }
  if (position < size) throw new RangeError(`only ${position} leaves for a tree of ${size}`);
  return proof;
}

/**
 * RFC 9162 §2.1.3.2: whether `proof` proves that `leaf` (leaf data, not yet hashed) is leaf
 * `index` of the tree of `size` leaves whose root is `root`. Rejects proofs with a node too many
 * or too few, nodes out of order, and internal nodes passed as leaves (domain separation).
 */
export function verifyInclusionProof(
  leaf: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leafHash(leaf);
  for (const p of proof) {
    if (p.length !== 32 || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
