import { readFileSync, writeFileSync } from 'node:fs';
import type { SignedCheckpoint } from './signed-checkpoint';

/**
 * The checkpoints file an auditor keeps outside the hub (`checkpoints.json` of a bundle, or
 * `maillage checkpoint --out`): `{ "format": "maillage-checkpoints/v1", "publicKey": PEM,
 * "checkpoints": [...] }`. Verifying against it detects a store rewritten together with its
 * own checkpoint table.
 */
export interface CheckpointFile {
  readonly format: 'maillage-checkpoints/v1';
  readonly publicKey: string;
  readonly checkpoints: readonly SignedCheckpoint[];
}

export function writeCheckpointFile(path: string, file: Omit<CheckpointFile, 'format'>): void {
  const body: CheckpointFile = { format: 'maillage-checkpoints/v1', ...file };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
}

/** Reads and checks the shape of a checkpoints file; throws a TypeError naming what is wrong. */
export function readCheckpointFile(path: string): CheckpointFile {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckpointFile> | null;
  if (parsed?.format !== 'maillage-checkpoints/v1') {
    throw new TypeError(`${path}: not a maillage-checkpoints/v1 file`);
  }
  if (typeof parsed.publicKey !== 'string' || !Array.isArray(parsed.checkpoints)) {
    throw new TypeError(`${path}: expected publicKey (PEM) and checkpoints (array)`);
  }
  parsed.checkpoints.forEach((checkpoint: Partial<SignedCheckpoint>, index) => {
    const ok =
      Number.isSafeInteger(checkpoint.position) &&
      Number.isSafeInteger(checkpoint.count) &&
      typeof checkpoint.root === 'string' &&
      typeof checkpoint.createdAt === 'string' &&
      typeof checkpoint.keyId === 'string' &&
      typeof checkpoint.signature === 'string';
    if (!ok) throw new TypeError(`${path}: checkpoints[${index}] is not a signed checkpoint`);
  });
  return parsed as CheckpointFile;
}
