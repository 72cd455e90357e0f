import { readFileSync } from 'node:fs';
import {
  type CheckpointFile,
  readCheckpointFile,
  verifyBundle,
  type VerificationReport,
} from '@maillage/audit';
import { type CliContext, withAudit } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs } from '../parse-args';

/**
 * `maillage verify [--checkpoint-file F] [--bundle DIR] [--public-key PEM] [--json]`: verifies
 * the configured store (against its own checkpoints and those of F), or a bundle offline — no
 * store, no configuration. Exit 1 when anything was found.
 */
export async function verifyCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['checkpoint-file', 'bundle', 'public-key', 'json']);
  const bundle = option(args, 'bundle');
  const publicKeyFile = option(args, 'public-key');
  const publicKeyPem = publicKeyFile ? readFileSync(publicKeyFile, 'utf8') : undefined;
  const checkpointFile = option(args, 'checkpoint-file');
  const kept = checkpointFile ? readCheckpointFile(checkpointFile) : undefined;
  // The auditor's own copy of the hub's key, when given, overrides the one the file carries.
  const trusted: CheckpointFile | undefined =
    kept && publicKeyPem ? { ...kept, publicKey: publicKeyPem } : kept;
  if (bundle !== undefined) {
    const result = await verifyBundle(bundle, {
      ...(publicKeyPem ? { publicKeyPem } : {}),
      ...(trusted ? { trusted } : {}),
    });
    report(context, args, result.report, result.bundleProblems);
    return result.ok ? EXIT.ok : EXIT.tampered;
  }
  return withAudit(context, async (audit) => {
    const result = await audit.verify(trusted ? { trusted } : {});
    report(context, args, result, []);
    return result.ok ? EXIT.ok : EXIT.tampered;
  });
}

function report(
  context: CliContext,
  args: ParsedArgs,
  result: VerificationReport,
  bundleProblems: readonly string[],
): void {
  if (args.flags.has('json')) {
    context.stdout.write(`${JSON.stringify({ ...result, bundleProblems }, null, 2)}\n`);
    return;
  }
  const lines = [
    `${result.eventsChecked} events in ${result.streams} streams, up to position ${result.lastPosition}`,
    `root ${result.root}`,
    ...result.checkpoints.map(
      (c) => `checkpoint ${c.position} (${c.count} events, ${c.source}): ${c.status}`,
    ),
    ...bundleProblems.map((problem) => `BUNDLE ${problem}`),
    ...result.findings.map(
      (f) =>
        `${f.kind.toUpperCase()} at position ${f.position}` +
        (f.streamId ? ` stream ${f.streamId} revision ${f.revision ?? '?'}` : '') +
        `: ${f.detail}`,
    ),
    result.findingCount > result.findings.length
      ? `… and ${result.findingCount - result.findings.length} more findings`
      : '',
    result.ok && bundleProblems.length === 0
      ? 'OK: nothing was altered'
      : `TAMPERED: ${result.findingCount + bundleProblems.length} findings`,
  ].filter(Boolean);
  context.stdout.write(`${lines.join('\n')}\n`);
}
