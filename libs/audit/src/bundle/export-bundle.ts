import { createWriteStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import { writeCheckpointFile } from '../checkpoints/checkpoint-file';
import type { SignedCheckpoint } from '../checkpoints/signed-checkpoint';
import { MerkleAccumulator } from '../merkle/merkle-accumulator';
import { eventLeaf } from '../merkle/merkle-hash';
import { readLog } from '../replay/read-log';
import { writeLines } from '../replay/write-lines';
import { publicKeyId } from '../signing/audit-signing-key';
import { bundleLine } from './bundle-event';
import { BUNDLE_FILES, type BundleManifest, fileDigest } from './bundle-manifest';

export interface ExportBundleOptions {
  /** Directory to write; created if missing, refused if it holds files. */
  readonly dir: string;
  /** Export the log up to this position (default: the head when the export starts). */
  readonly upTo?: number;
  /** The signed checkpoints to ship (those beyond `upTo` are left out). */
  readonly checkpoints: readonly SignedCheckpoint[];
  readonly publicKeyPem: string;
  readonly now?: () => Date;
}

/**
 * Writes a self-contained bundle: every event as stored (`events.ndjson`, streamed with
 * back-pressure), the signed checkpoints, the public key, and a manifest with the SHA-256 of
 * each file. `verifyBundle` checks it offline; `importBundle` rebuilds the store from it.
 */
export async function exportBundle(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  options: ExportBundleOptions,
): Promise<BundleManifest> {
  mkdirSync(options.dir, { recursive: true });
  if (readdirSync(options.dir).length > 0) {
    throw new Error(`${options.dir} is not empty: export into a new directory`);
  }
  const upTo = options.upTo ?? (await store.headPosition());
  const tree = new MerkleAccumulator();
  let lastPosition = 0;
  const eventsPath = join(options.dir, BUNDLE_FILES.events);
  const out = createWriteStream(eventsPath, { flags: 'wx' });
  const lines = (async function* (events: AsyncIterable<RecordedEvent>) {
    for await (const event of events) {
      tree.append(eventLeaf(event.position, event.hash));
      lastPosition = event.position;
      yield bundleLine(event);
    }
  })(readLog(store, { upTo }));
  try {
    await writeLines(lines, out);
  } finally {
    out.end();
    await finished(out);
  }
  const checkpoints = options.checkpoints.filter((checkpoint) => checkpoint.position <= upTo);
  writeCheckpointFile(join(options.dir, BUNDLE_FILES.checkpoints), {
    publicKey: options.publicKeyPem,
    checkpoints,
  });
  writeFileSync(join(options.dir, BUNDLE_FILES.publicKey), options.publicKeyPem);
  const files: Record<string, { sha256: string; bytes: number }> = {};
  for (const name of [BUNDLE_FILES.events, BUNDLE_FILES.checkpoints, BUNDLE_FILES.publicKey]) {
    files[name] = await fileDigest(join(options.dir, name));
  }
  const manifest: BundleManifest = {
    format: 'maillage-audit-bundle/v1',
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    eventCount: tree.size,
    lastPosition,
    root: tree.root().toString('hex'),
    keyId: publicKeyId(options.publicKeyPem),
    files,
  };
  writeFileSync(join(options.dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
