import type { SignedCheckpoint } from './signed-checkpoint';

/** A checkpoint row as both relational stores return it (bigints may come back as strings). */
export interface CheckpointRow {
  position: number | string;
  count: number | string;
  root: string;
  created_at: string;
  key_id: string;
  signature: string;
}

export function toSignedCheckpoint(row: CheckpointRow): SignedCheckpoint {
  return {
    position: Number(row.position),
    count: Number(row.count),
    root: row.root,
    createdAt: row.created_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}
