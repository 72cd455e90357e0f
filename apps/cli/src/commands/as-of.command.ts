import { asOfInstant } from '@maillage/audit';
import { AUTHORITY_ID_PATTERN } from '@maillage/domain';
import { type CliContext, printJson, withAudit } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

/** `maillage as-of --request ID | --authority A --at T`: the state as of T, as JSON. */
export async function asOfCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['request', 'authority', 'at']);
  const requestId = option(args, 'request');
  const authority = option(args, 'authority');
  const at = option(args, 'at');
  if ((requestId === undefined) === (authority === undefined)) {
    throw new UsageError('as-of: give either --request ID or --authority A');
  }
  if (at === undefined) throw new UsageError('as-of: --at is required');
  let instant: string;
  try {
    instant = asOfInstant(at);
  } catch {
    throw new UsageError(`--at ${at}: expected an ISO 8601 date-time`);
  }
  if (authority !== undefined && !AUTHORITY_ID_PATTERN.test(authority)) {
    throw new UsageError(`--authority ${authority}: expected e.g. commune:45155 or departement:45`);
  }
  return withAudit(context, async (audit) => {
    if (requestId !== undefined) {
      printJson(context, await audit.requestAsOf(requestId, instant));
    } else {
      printJson(context, { at: instant, items: await audit.authorityAsOf(authority!, instant) });
    }
    return EXIT.ok;
  });
}
