import { type DeadLetters, DeadLettersError, openDeadLetters } from '@maillage/dead-letters';
import { inTopic } from '@maillage/messaging';
import { type CliContext, loadConfig, printJson } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

const EVERY_DEAD_LETTER = { sourceTopics: null };

/**
 * `maillage dead-letters list [--connector ID] [--consumer C] [--source-topic T] [--from OFFSET]
 * [--limit N]`: the twin of `GET /v1/dead-letters`, on the hub's configuration (as the admin).
 */
export function deadLettersListCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['connector', 'consumer', 'source-topic', 'from', 'limit', 'partition']);
  const connector = option(args, 'connector');
  const consumer = option(args, 'consumer');
  const sourceTopic = option(args, 'source-topic');
  const from = option(args, 'from');
  const partition = option(args, 'partition');
  if (from !== undefined && !/^\d{1,19}$/.test(from)) {
    throw new UsageError('dead-letters list: --from must be an offset');
  }
  const limit = Number(option(args, 'limit') ?? '50');
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError('dead-letters list: --limit must be an integer >= 1');
  }
  return withDeadLetters(context, async (deadLetters) => {
    printJson(
      context,
      await deadLetters.list(
        {
          limit,
          ...(consumer === undefined ? {} : { consumer }),
          ...(sourceTopic === undefined ? {} : { sourceTopic }),
          ...(from === undefined ? {} : { from }),
          ...(partition === undefined ? {} : { partition: Number(partition) }),
        },
        { sourceTopics: connector === undefined ? null : [inTopic(connector)] },
      ),
    );
    return EXIT.ok;
  });
}

/** `maillage dead-letters show --id <partition>-<offset>`: `GET /v1/dead-letters/{id}`. */
export function deadLettersShowCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  const id = requiredId(args, 'show');
  return withDeadLetters(context, async (deadLetters) => {
    printJson(context, await deadLetters.show(id, EVERY_DEAD_LETTER));
    return EXIT.ok;
  });
}

/** `maillage dead-letters replay --id <partition>-<offset>`: `POST /v1/dead-letters/{id}/replay`. */
export function deadLettersReplayCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  const id = requiredId(args, 'replay');
  return withDeadLetters(context, async (deadLetters) => {
    printJson(context, await deadLetters.replay(id, EVERY_DEAD_LETTER));
    return EXIT.ok;
  });
}

function requiredId(args: ParsedArgs, command: string): string {
  allowOnly(args, ['id']);
  const id = option(args, 'id');
  if (!id) throw new UsageError(`dead-letters ${command}: --id <partition>-<offset> is required`);
  return id;
}

/** Runs `use` on the configured Kafka and key store; a dead-letter refusal exits with 65. */
async function withDeadLetters(
  context: CliContext,
  use: (deadLetters: DeadLetters) => Promise<number>,
): Promise<number> {
  const opened = await openDeadLetters(loadConfig(context));
  if (!opened) {
    context.stderr.write('maillage: dead-letters needs Kafka (KAFKA_BROKERS)\n');
    return EXIT.config;
  }
  try {
    return await use(opened.deadLetters);
  } catch (error) {
    if (!(error instanceof DeadLettersError)) throw error;
    context.stderr.write(`maillage: ${error.code}: ${error.message}\n`);
    return EXIT.dataError;
  } finally {
    await opened.close();
  }
}
