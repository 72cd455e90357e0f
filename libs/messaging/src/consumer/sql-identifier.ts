const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `name` double-quoted for SQL, after checking it is a plain lower-case identifier (no injection). */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new TypeError(
      `not a plain SQL identifier (a-z, 0-9, _; at most 63): ${JSON.stringify(name)}`,
    );
  }
  return `"${name}"`;
}
