import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** File names inside a bundle directory. */
export const BUNDLE_FILES = {
  events: 'events.ndjson',
  checkpoints: 'checkpoints.json',
  publicKey: 'audit-public.pem',
  manifest: 'manifest.json',
} as const;

/**
 * `manifest.json` of an export bundle. It is not signed: the signed checkpoints are what an
 * auditor trusts; the manifest lets them see at once that no file was damaged or swapped.
 */
export interface BundleManifest {
  readonly format: 'maillage-audit-bundle/v1';
  readonly createdAt: string;
  /** Events in `events.ndjson` and the position of the last one. */
  readonly eventCount: number;
  readonly lastPosition: number;
  /** Merkle root of every event of the bundle (hex). */
  readonly root: string;
  /** Id of the key that signed the checkpoints (`audit-public.pem`). */
  readonly keyId: string;
  /** SHA-256 (hex) and size of every other file. */
  readonly files: Readonly<Record<string, { readonly sha256: string; readonly bytes: number }>>;
}

/** SHA-256 and size of a file, read as a stream. */
export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
