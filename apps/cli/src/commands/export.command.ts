import { type CliContext, printJson, withAudit } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

/** `maillage export --out DIR`: signs a checkpoint at the head, then writes the bundle. */
export async function exportCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['out']);
  const dir = option(args, 'out');
  if (!dir) throw new UsageError('export: --out DIR is required');
  return withAudit(context, async (audit) => {
    printJson(context, await audit.export(dir));
    return EXIT.ok;
  });
}
