import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckpointFile, readCheckpointFile } from '../checkpoints/checkpoint-file';
import { publicKeyId } from '../signing/audit-signing-key';
import { verifyEvents } from '../verify/log-verifier';
import type { VerificationReport } from '../verify/verification-report';
import { BundleError } from './bundle.error';
import { BUNDLE_FILES, type BundleManifest, fileDigest } from './bundle-manifest';
import { readBundleEvents } from './read-bundle-events';

export interface BundleVerification {
  readonly ok: boolean;
  /** Damaged, missing or swapped files, and manifest figures that do not match the events. */
  readonly bundleProblems: readonly string[];
  readonly report: VerificationReport;
}

/**
 * Verifies a bundle offline, with no store: each file against the manifest, then every event,
 * stream chain and checkpoint as `maillage verify` does on a live store. The checkpoints are
 * checked with `publicKeyPem` when given — the key an auditor obtained from the hub beforehand —
 * otherwise with the bundle's own key, which only proves the bundle is self-consistent.
 */
export async function verifyBundle(
  dir: string,
  options: {
    readonly publicKeyPem?: string;
    /** Checkpoints an auditor kept apart from the bundle, checked with their own key. */
    readonly trusted?: CheckpointFile;
  } = {},
): Promise<BundleVerification> {
  const problems: string[] = [];
  const manifestPath = join(dir, BUNDLE_FILES.manifest);
  if (!existsSync(manifestPath)) throw new BundleError(`${dir}: no ${BUNDLE_FILES.manifest}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  if (manifest.format !== 'maillage-audit-bundle/v1') {
    throw new BundleError(`${manifestPath}: not a maillage-audit-bundle/v1 manifest`);
  }
  for (const name of [BUNDLE_FILES.events, BUNDLE_FILES.checkpoints, BUNDLE_FILES.publicKey]) {
    const expected = manifest.files[name];
    if (!existsSync(join(dir, name))) {
      problems.push(`${name} is missing`);
      continue;
    }
    const actual = await fileDigest(join(dir, name));
    if (!expected || expected.sha256 !== actual.sha256) {
      problems.push(
        `${name}: SHA-256 ${actual.sha256} is not the manifest's ${expected?.sha256 ?? '(none)'}`,
      );
    }
  }
  if (problems.some((problem) => problem.endsWith('is missing'))) {
    throw new BundleError(`${dir}: incomplete bundle: ${problems.join('; ')}`);
  }
  const bundleKey = readFileSync(join(dir, BUNDLE_FILES.publicKey), 'utf8');
  const publicKeyPem = options.publicKeyPem ?? bundleKey;
  if (publicKeyId(bundleKey) !== publicKeyId(publicKeyPem)) {
    problems.push(
      `the bundle's public key ${publicKeyId(bundleKey)} is not the expected key ${publicKeyId(publicKeyPem)}`,
    );
  }
  const { checkpoints } = readCheckpointFile(join(dir, BUNDLE_FILES.checkpoints));
  const report = await verifyEvents(readBundleEvents(dir), [
    ...checkpoints.map((checkpoint) => ({ checkpoint, source: 'bundle', publicKeyPem })),
    ...(options.trusted?.checkpoints ?? []).map((checkpoint) => ({
      checkpoint,
      source: 'file',
      publicKeyPem: options.trusted!.publicKey,
    })),
  ]);
  if (report.eventsChecked !== manifest.eventCount || report.root !== manifest.root) {
    problems.push(
      `the manifest announces ${manifest.eventCount} events with root ${manifest.root}; the file holds ${report.eventsChecked} with root ${report.root}`,
    );
  }
  return { ok: report.ok && problems.length === 0, bundleProblems: problems, report };
}
