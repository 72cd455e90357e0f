/** A command line: the command, its `--name value` options (repeatable), and its flags. */
export interface ParsedArgs {
  readonly command: string | null;
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

/** Thrown on a command line that cannot be understood; the CLI answers it with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses `command --name value --name=value --flag`. `flagNames` are the options that take no
 * value. Positional arguments other than the command are refused.
 */
export function parseArgs(argv: readonly string[], flagNames: ReadonlySet<string>): ParsedArgs {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  let command: string | null = null;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = arg.slice(2, equals < 0 ? undefined : equals);
      if (name === '') throw new UsageError(`unexpected ${arg}`);
      if (flagNames.has(name)) {
        if (equals >= 0) throw new UsageError(`--${name} takes no value`);
        flags.add(name);
        continue;
      }
      let value: string | undefined;
      if (equals >= 0) value = arg.slice(equals + 1);
      else {
        value = argv[index + 1];
        if (value === undefined || value.startsWith('--')) {
          throw new UsageError(`--${name} expects a value`);
        }
        index++;
      }
      options.set(name, [...(options.get(name) ?? []), value]);
    } else if (command === null) {
      command = arg;
    } else {
      throw new UsageError(`unexpected argument ${arg}`);
    }
  }
  return { command, options, flags };
}

/** The single value of an option, or undefined; refuses it given twice. */
export function option(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  if (!values) return undefined;
  if (values.length > 1) throw new UsageError(`--${name} given more than once`);
  return values[0];
}

/** Refuses options the command does not know, so that a typo is not silently ignored. */
export function allowOnly(args: ParsedArgs, names: readonly string[]): void {
  for (const name of [...args.options.keys(), ...args.flags]) {
    if (!names.includes(name))
      throw new UsageError(`${args.command ?? ''}: unknown option --${name}`);
  }
}
