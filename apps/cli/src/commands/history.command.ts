import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import {
  asOfInstant,
  HISTORY_FORMATS,
  type HistoryFilter,
  type HistoryFormat,
} from '@maillage/audit';
import { AUTHORITY_ID_PATTERN, SERVICE_REQUEST_EVENT_TYPES } from '@maillage/domain';
import { type CliContext, withAudit } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

/** `maillage history`: streams the selected events as NDJSON or CSV, to stdout or `--out`. */
export async function historyCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['request', 'authority', 'from', 'to', 'type', 'category', 'format', 'out']);
  const filter = historyFilterOf(args);
  const format = (option(args, 'format') ?? 'ndjson') as HistoryFormat;
  if (!HISTORY_FORMATS.includes(format)) {
    throw new UsageError(`--format: expected one of ${HISTORY_FORMATS.join(', ')}`);
  }
  const outPath = option(args, 'out');
  return withAudit(context, async (audit) => {
    const out = outPath ? createWriteStream(outPath) : context.stdout;
    try {
      await audit.writeHistory(filter, format, out);
    } catch (error) {
      // A closed pipe (`maillage history | head`) is the reader's choice, not a failure.
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    }
    if (outPath) {
      out.end();
      await finished(out);
    }
    return EXIT.ok;
  });
}

function historyFilterOf(args: ParsedArgs): HistoryFilter {
  const requestId = option(args, 'request');
  const authority = option(args, 'authority');
  if (authority !== undefined && !AUTHORITY_ID_PATTERN.test(authority)) {
    throw new UsageError(`--authority ${authority}: expected e.g. commune:45155 or departement:45`);
  }
  const instant = (name: string) => {
    const value = option(args, name);
    if (value === undefined) return undefined;
    try {
      return asOfInstant(value);
    } catch {
      throw new UsageError(`--${name} ${value}: expected an ISO 8601 date-time`);
    }
  };
  const from = instant('from');
  const to = instant('to');
  const types = (args.options.get('type') ?? []).flatMap((value) => value.split(','));
  for (const type of types) {
    if (!(SERVICE_REQUEST_EVENT_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(
        `--type ${type}: expected one of ${SERVICE_REQUEST_EVENT_TYPES.join(', ')}`,
      );
    }
  }
  const category = option(args, 'category');
  return {
    ...(requestId !== undefined ? { requestId } : {}),
    ...(authority !== undefined ? { authority } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(types.length > 0 ? { types } : {}),
    ...(category !== undefined ? { category } : {}),
  };
}
