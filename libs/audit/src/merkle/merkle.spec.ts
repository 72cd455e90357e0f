import { createHash } from 'node:crypto';
import { buildInclusionProof, inclusionProofRanges, verifyInclusionProof } from './inclusion-proof';
import { MerkleAccumulator } from './merkle-accumulator';
import { eventLeaf, leafHash, nodeHash } from './merkle-hash';

/** RFC 9162 MTH written as the RFC states it, to check the streaming accumulator against. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

function rootOf(leaves: readonly Buffer[]): Buffer {
  const acc = new MerkleAccumulator();
  for (const leaf of leaves) acc.append(leaf);
  return acc.root();
}

async function* iterate(leaves: readonly Buffer[]): AsyncIterable<Buffer> {
  yield* leaves;
}

const leavesOf = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) =>
    eventLeaf(i + 1, createHash('sha256').update(`e${i}`).digest('hex')),
  );

describe('Merkle tree (RFC 9162)', () => {
  // The Certificate Transparency test vectors (RFC 6962 reference implementation).
  const ctLeaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map((hex) => Buffer.from(hex, 'hex'));
  const ctRoots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('gives the RFC 6962 test-vector roots', () => {
    ctRoots.forEach((root, i) => {
      expect(rootOf(ctLeaves.slice(0, i + 1)).toString('hex')).toBe(root);
    });
    expect(rootOf([]).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('streams the same root as the recursive definition, for every size up to 70', () => {
    const leaves = leavesOf(70);
    for (let n = 0; n <= 70; n++) {
      expect(rootOf(leaves.slice(0, n)).equals(referenceRoot(leaves.slice(0, n)))).toBe(true);
    }
  });

  it('proves every leaf of every tree up to 33 leaves', async () => {
    const leaves = leavesOf(33);
    for (let size = 1; size <= 33; size++) {
      const root = rootOf(leaves.slice(0, size));
      for (let index = 0; index < size; index++) {
        const proof = await buildInclusionProof(index, size, iterate(leaves));
        expect(proof).toHaveLength(inclusionProofRanges(index, size).length);
        expect(verifyInclusionProof(leaves[index]!, index, size, proof, root)).toBe(true);
      }
    }
  });

  describe('rejects malformed inclusion proofs', () => {
    const leaves = leavesOf(21);
    const size = 21;
    const root = rootOf(leaves);
    const cases: Array<[number, Buffer[]]> = [];
    beforeAll(async () => {
      for (const index of [0, 5, 12, 16, 20]) {
        cases.push([index, await buildInclusionProof(index, size, iterate(leaves))]);
      }
    });

    // Sizes that give the same path shape (left/right at each level) verify the same: the tree
    // size is authenticated by the signed checkpoint (its `count`), not by the proof.
    const shape = (index: number, n: number) =>
      inclusionProofRanges(index, n)
        .map((range) => (range.start > index ? 'R' : 'L'))
        .join('');

    it('for the wrong tree size or leaf index', () => {
      for (const [index, proof] of cases) {
        for (let other = index + 1; other <= 2 * size; other++) {
          if (other === size || shape(index, other) === shape(index, size)) continue;
          expect(verifyInclusionProof(leaves[index]!, index, other, proof, root)).toBe(false);
        }
        expect(verifyInclusionProof(leaves[index]!, index ^ 1, size, proof, root)).toBe(false);
        expect(verifyInclusionProof(leaves[index]!, index, 0, proof, root)).toBe(false);
        expect(verifyInclusionProof(leaves[index]!, size, size, proof, root)).toBe(false);
      }
    });

    it('with nodes in the wrong order, a node missing, or one too many', () => {
      for (const [index, proof] of cases) {
        const reversed = [...proof].reverse();
        expect(verifyInclusionProof(leaves[index]!, index, size, reversed, root)).toBe(false);
        for (let drop = 0; drop < proof.length; drop++) {
          const missing = proof.filter((_, i) => i !== drop);
          expect(verifyInclusionProof(leaves[index]!, index, size, missing, root)).toBe(false);
        }
        const extra = [...proof, proof[0]!];
        expect(verifyInclusionProof(leaves[index]!, index, size, extra, root)).toBe(false);
        const prefixed = [root, ...proof];
        expect(verifyInclusionProof(leaves[index]!, index, size, prefixed, root)).toBe(false);
        const truncatedNode = [proof[0]!.subarray(0, 31), ...proof.slice(1)];
        expect(verifyInclusionProof(leaves[index]!, index, size, truncatedNode, root)).toBe(false);
      }
    });

    it('for another leaf, or an interior node passed off as a leaf', () => {
      const [index, proof] = cases[1]!;
      expect(verifyInclusionProof(leaves[index + 1]!, index, size, proof, root)).toBe(false);
      // Leaves 0..1 form a subtree; claim its two children concatenated are one leaf of a tree
      // of size - 1 where the proof of leaf 0 minus its first node would otherwise fit.
      const [, proofOf0] = cases[0]!;
      const interior = Buffer.concat([leafHash(leaves[0]!), leafHash(leaves[1]!)]);
      expect(verifyInclusionProof(interior, 0, size - 1, proofOf0.slice(1), root)).toBe(false);
      // The same with the hash of the interior node itself as the leaf.
      const node = nodeHash(leafHash(leaves[0]!), leafHash(leaves[1]!));
      expect(verifyInclusionProof(node, 0, size - 1, proofOf0.slice(1), root)).toBe(false);
    });
  });

  it('binds the position into each event leaf', () => {
    const hash = 'ab'.repeat(32);
    expect(eventLeaf(1, hash).equals(eventLeaf(2, hash))).toBe(false);
    expect(eventLeaf(7, hash).subarray(0, 8).readBigUInt64BE()).toBe(7n);
  });
});
