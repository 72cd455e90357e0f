import type { EventStore, RecordedEvent } from '@maillage/event-store';
import { MerkleAccumulator } from '../merkle/merkle-accumulator';
import { eventLeaf } from '../merkle/merkle-hash';
import { readLog } from '../replay/read-log';
import type { AuditSigningKey } from '../signing/audit-signing-key';
import { checkpointMessage, type Checkpoint, type SignedCheckpoint } from './signed-checkpoint';

/** The Merkle root and size of the events yielded (all events at positions <= `position`). */
export async function computeTree(
  events: AsyncIterable<RecordedEvent>,
): Promise<{ count: number; root: string; lastPosition: number }> {
  const tree = new MerkleAccumulator();
  let lastPosition = 0;
  for await (const event of events) {
    tree.append(eventLeaf(event.position, event.hash));
    lastPosition = event.position;
  }
  return { count: tree.size, root: tree.root().toString('hex'), lastPosition };
}

export function signCheckpoint(checkpoint: Checkpoint, key: AuditSigningKey): SignedCheckpoint {
  return {
    ...checkpoint,
    keyId: key.keyId,
    signature: key.sign(checkpointMessage(checkpoint)).toString('base64'),
  };
}

/**
 * Signs the state of the global log at its current head (or at `upTo`). Reads the whole log
 * prefix once, in pages: O(log n) memory, O(n) time.
 */
export async function checkpointLog(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  key: AuditSigningKey,
  options: { readonly upTo?: number; readonly now?: () => Date } = {},
): Promise<SignedCheckpoint> {
  const position = options.upTo ?? (await store.headPosition());
  const { count, root } = await computeTree(readLog(store, { upTo: position }));
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  return signCheckpoint({ position, count, root, createdAt }, key);
}
