import { writeCheckpointFile } from '@maillage/audit';
import { type CliContext, printJson, withAudit } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs } from '../parse-args';

/**
 * `maillage checkpoint [--out FILE]`: signs a checkpoint at the head of the log and prints it;
 * `--out` also writes every checkpoint and the public key to FILE, for an auditor to keep.
 */
export async function checkpointCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['out']);
  const out = option(args, 'out');
  return withAudit(context, async (audit) => {
    const checkpoint = await audit.createCheckpoint();
    if (out) {
      writeCheckpointFile(out, {
        publicKey: audit.publicKeyPem,
        checkpoints: await audit.checkpoints(),
      });
    }
    printJson(context, checkpoint);
    return EXIT.ok;
  });
}
