import type { EventStore } from '@maillage/event-store';
import { buildInclusionProof, verifyInclusionProof } from '../merkle/inclusion-proof';
import { eventLeaf } from '../merkle/merkle-hash';
import { readLog } from '../replay/read-log';
import { publicKeyId, verifyEd25519 } from '../signing/audit-signing-key';
import { checkpointMessage, type SignedCheckpoint } from './signed-checkpoint';

/**
 * Proof that one event is in the log a checkpoint signed (RFC 9162 inclusion proof). Checkable
 * offline with `verifyEventInclusion`: recompute the leaf from the event, walk the path, compare
 * with the signed root.
 */
export interface EventInclusionProof {
  readonly algorithm: 'rfc9162-sha256; leaf = u64be(position) || sha256(event)';
  readonly checkpoint: SignedCheckpoint;
  readonly event: {
    readonly position: number;
    readonly streamId: string;
    readonly revision: number;
    readonly eventId: string;
    readonly hash: string;
  };
  /** 0-based index of the event among the checkpoint's `count` leaves. */
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Sibling subtree hashes from the leaf up, hex. */
  readonly path: readonly string[];
}

/**
 * Builds the proof of `eventId` in `checkpoint` from the store: one pass to find the event's
 * index, one to hash the sibling subtrees (O(log n) memory). Null when the event is not among
 * the checkpoint's events.
 */
export async function proveInclusion(
  store: Pick<EventStore, 'readAll'>,
  checkpoint: SignedCheckpoint,
  eventId: string,
): Promise<EventInclusionProof | null> {
  let index = 0;
  let found: EventInclusionProof['event'] | null = null;
  for await (const event of readLog(store, { upTo: checkpoint.position })) {
    if (event.eventId === eventId) {
      const { position, streamId, revision, hash } = event;
      found = { position, streamId, revision, eventId, hash };
      break;
    }
    index++;
  }
  if (!found || index >= checkpoint.count) return null;
  const leaves = (async function* () {
    for await (const event of readLog(store, { upTo: checkpoint.position })) {
      yield eventLeaf(event.position, event.hash);
    }
  })();
  const path = await buildInclusionProof(index, checkpoint.count, leaves);
  return {
    algorithm: 'rfc9162-sha256; leaf = u64be(position) || sha256(event)',
    checkpoint,
    event: found,
    leafIndex: index,
    treeSize: checkpoint.count,
    path: path.map((node) => node.toString('hex')),
  };
}

/** Whether the proof holds and its checkpoint is signed by the key in `publicKeyPem`. */
export function verifyEventInclusion(proof: EventInclusionProof, publicKeyPem: string): boolean {
  const { checkpoint } = proof;
  const signed =
    checkpoint.keyId === publicKeyId(publicKeyPem) &&
    verifyEd25519(
      publicKeyPem,
      checkpointMessage(checkpoint),
      Buffer.from(checkpoint.signature, 'base64'),
    );
  return (
    signed &&
    proof.treeSize === checkpoint.count &&
    proof.event.position <= checkpoint.position &&
    verifyInclusionProof(
      eventLeaf(proof.event.position, proof.event.hash),
      proof.leafIndex,
      proof.treeSize,
      proof.path.map((node) => Buffer.from(node, 'hex')),
      Buffer.from(checkpoint.root, 'hex'),
    )
  );
}
