import type { SignedCheckpoint } from './signed-checkpoint';

/**
 * Where the hub keeps the checkpoints it signed, apart from the events. Keeping them beside the
 * store only protects against accidents and partial tampering: someone who can rewrite the store
 * can rewrite this table too, which is why auditors keep exported copies (`checkpoint-file.ts`).
 */
export interface AuditCheckpointStore {
  /** Stores a checkpoint; one already stored at the same position is kept (first wins). */
  add(checkpoint: SignedCheckpoint): Promise<void>;
  /** Every checkpoint, by position. */
  list(): Promise<SignedCheckpoint[]>;
  /** The checkpoint at `position`, or null. */
  get(position: number): Promise<SignedCheckpoint | null>;
  close(): Promise<void>;
}
