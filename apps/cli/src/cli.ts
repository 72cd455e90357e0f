import { BundleError } from '@maillage/audit';
import { ConfigError } from '@maillage/config';
import { EventStoreUnavailableError } from '@maillage/event-store';
import type { CliContext } from './cli-context';
import { asOfCommand } from './commands/as-of.command';
import { checkpointCommand } from './commands/checkpoint.command';
import {
  deadLettersListCommand,
  deadLettersReplayCommand,
  deadLettersShowCommand,
} from './commands/dead-letters.command';
import { eraseCommand } from './commands/erase.command';
import { exportCommand } from './commands/export.command';
import { historyCommand } from './commands/history.command';
import { importCommand } from './commands/import.command';
import { publicKeyCommand } from './commands/public-key.command';
import { retentionApproveCommand, retentionDueCommand } from './commands/retention.command';
import { verifyCommand } from './commands/verify.command';
import { EXIT } from './exit-codes';
import { parseArgs, type ParsedArgs, UsageError } from './parse-args';
import { USAGE } from './usage';

type Command = (args: ParsedArgs, context: CliContext) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  history: historyCommand,
  'as-of': asOfCommand,
  verify: verifyCommand,
  checkpoint: checkpointCommand,
  export: exportCommand,
  import: importCommand,
  'public-key': publicKeyCommand,
  erase: eraseCommand,
  'retention due': retentionDueCommand,
  'retention approve': retentionApproveCommand,
  'dead-letters list': deadLettersListCommand,
  'dead-letters show': deadLettersShowCommand,
  'dead-letters replay': deadLettersReplayCommand,
};

/** Commands of two words (`retention due`): the second is part of the name, not an argument. */
const GROUPS = new Set(['retention', 'dead-letters']);

/** Runs one `maillage` command line and resolves with its exit code; never throws. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  try {
    const grouped = GROUPS.has(argv[0] ?? '') && argv[1] !== undefined && !argv[1].startsWith('--');
    const parsed = parseArgs(grouped ? argv.slice(1) : argv, new Set(['help', 'json']));
    const args = grouped ? { ...parsed, command: `${argv[0]} ${parsed.command}` } : parsed;
    if (args.flags.has('help') || args.command === 'help') {
      context.stdout.write(USAGE);
      return EXIT.ok;
    }
    const command = args.command === null ? undefined : COMMANDS[args.command];
    if (!command) {
      context.stderr.write(
        `${args.command === null ? 'no command given' : `unknown command ${args.command}`}\n\n${USAGE}`,
      );
      return EXIT.usage;
    }
    return await command(args, context);
  } catch (error) {
    return failure(error, context);
  }
}

function failure(error: unknown, context: CliContext): number {
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`maillage: ${message}\n`);
  if (error instanceof UsageError) {
    context.stderr.write('(maillage --help lists the commands and options)\n');
    return EXIT.usage;
  }
  if (error instanceof ConfigError) return EXIT.config;
  if (error instanceof EventStoreUnavailableError) return EXIT.unavailable;
  const code = (error as NodeJS.ErrnoException).code;
  if (
    error instanceof BundleError ||
    error instanceof TypeError ||
    error instanceof SyntaxError ||
    code === 'ENOENT'
  ) {
    return EXIT.dataError;
  }
  return EXIT.failure;
}
