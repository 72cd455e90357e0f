import { RetentionError } from '@maillage/service-requests';
import { type CliContext, printJson, withPersonalData } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

/**
 * `maillage retention due [--as-of DATE]`: the twin of `GET /v1/retention/due` — the closed
 * requests whose retention period is over, waiting for the archives service (JSON). Destroys
 * nothing.
 */
export async function retentionDueCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['as-of']);
  const asOf = option(args, 'as-of');
  const at = asOf === undefined ? undefined : new Date(asOf);
  if (at && Number.isNaN(at.getTime())) {
    throw new UsageError('retention due: --as-of must be a date (2031-01-01T00:00:00Z)');
  }
  return withPersonalData(context, async ({ dueList }) => {
    printJson(context, await dueList.due(at));
    return EXIT.ok;
  });
}

/**
 * `maillage retention approve --approver TEXT --reference VISA --request ID [--request ID …]`:
 * the twin of `POST /v1/retention/approvals` — records the archives service's approval, then
 * disposes of the requests (export if archived, keys destroyed, dead letters redacted). Exit 65
 * when a request is unknown or not due: then nothing is recorded.
 */
export async function retentionApproveCommand(
  args: ParsedArgs,
  context: CliContext,
): Promise<number> {
  allowOnly(args, ['approver', 'reference', 'request']);
  const approver = option(args, 'approver');
  const archivesReference = option(args, 'reference');
  const requestIds = args.options.get('request') ?? [];
  if (!approver?.trim()) throw new UsageError('retention approve: --approver is required');
  if (!archivesReference?.trim()) {
    throw new UsageError(
      "retention approve: --reference (the archives service's visa) is required",
    );
  }
  if (requestIds.length === 0) throw new UsageError('retention approve: give --request ID');
  try {
    return await withPersonalData(context, async ({ disposals }) => {
      printJson(
        context,
        await disposals.approve({
          approver,
          archivesReference,
          requestIds,
          via: { principal: 'cli', attempt: 'maillage retention approve' },
        }),
      );
      return EXIT.ok;
    });
  } catch (error) {
    if (!(error instanceof RetentionError)) throw error;
    context.stderr.write(
      `maillage: ${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}\n`,
    );
    return EXIT.dataError;
  }
}
