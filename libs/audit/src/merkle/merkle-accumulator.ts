import { emptyRoot, leafHash, nodeHash } from './merkle-hash';

/**
 * Computes the RFC 9162 Merkle tree hash of a sequence of leaves fed one at a time, in
 * O(log n) memory: it keeps the roots of the perfect subtrees the leaves so far decompose into
 * (a "compact range"), largest first. The root of n leaves folds them from the right, which is
 * exactly MTH's split at the largest power of two below n.
 */
export class MerkleAccumulator {
  /** Roots of perfect subtrees, left to right, with their sizes (strictly decreasing powers of 2). */
  private readonly stack: { hash: Buffer; size: number }[] = [];
  private leaves = 0;

  /** Number of leaves appended. */
  get size(): number {
    return this.leaves;
  }

  /** Appends a leaf (its data; it is hashed with the leaf prefix here). */
  append(leaf: Buffer): void {
    this.appendLeafHash(leafHash(leaf));
  }

  /** Appends an already leaf-hashed entry. */
  appendLeafHash(hash: Buffer): void {
    let entry = { hash, size: 1 };
    for (let top = this.stack.at(-1); top && top.size === entry.size; top = this.stack.at(-1)) {
      this.stack.pop();
      entry = { hash: nodeHash(top.hash, entry.hash), size: top.size * 2 };
    }
    this.stack.push(entry);
    this.leaves++;
  }

  /** Tree hash of the leaves appended so far; appending may continue afterwards. */
  root(): Buffer {
    if (this.stack.length === 0) return emptyRoot();
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let index = this.stack.length - 2; index >= 0; index--) {
      acc = nodeHash(this.stack[index]!.hash, acc);
    }
    return acc;
  }
}
