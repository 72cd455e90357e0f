import { importBundle, type ImportTarget } from '@maillage/audit';
import { PostgresEventStore, SqliteEventStore } from '@maillage/event-store';
import { type CliContext, loadConfig, printJson } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

/**
 * `maillage import --bundle DIR [--sqlite FILE]`: rebuilds an empty store from a bundle — the
 * configured one, or a new SQLite file — and checks every position and hash came out identical.
 */
export async function importCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['bundle', 'sqlite']);
  const bundle = option(args, 'bundle');
  if (!bundle) throw new UsageError('import: --bundle DIR is required');
  const sqlite = option(args, 'sqlite');
  let target: ImportTarget;
  if (sqlite) {
    target = (now) => Promise.resolve(new SqliteEventStore({ path: sqlite, now }));
  } else {
    const store = loadConfig(context).eventStore;
    if (store.kind === 'eventstoredb') {
      throw new UsageError(
        'import: EventStoreDB assigns its own positions; import into SQLite or PostgreSQL',
      );
    }
    target =
      store.kind === 'sqlite'
        ? (now) => Promise.resolve(new SqliteEventStore({ path: store.path, now }))
        : (now) =>
            PostgresEventStore.create({
              connectionString: store.connectionString,
              schema: store.schema,
              now,
            });
  }
  const result = await importBundle(bundle, target);
  printJson(context, result);
  return result.identical ? EXIT.ok : EXIT.tampered;
}
