/**
 * A one-line description of a failure that is safe in logs and dead-letter headers.
 *
 * The project's typed errors (anything with a string `code`: `MessagingError`, domain, dialect and
 * store errors) name the field and the reason and never quote a value, so their message is kept.
 * Any other error may quote its input — `JSON.parse` does, and the input may be a citizen's name —
 * so only its class name is kept.
 */
export function errorSummary(error: unknown, maxLength = 500): { code: string; reason: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) {
      return { code, reason: clean(`${error.name}: ${error.message}`, maxLength) };
    }
    return {
      code: 'UNCLASSIFIED',
      reason: clean(`${error.name} (message withheld: untyped error)`, maxLength),
    };
  }
  return { code: 'UNCLASSIFIED', reason: `non-Error thrown (${typeof error})` };
}

/** One line, no control characters, at most `maxLength` characters. */
function clean(text: string, maxLength: number): string {
  const line = text.replace(/[\p{Cc}]+/gu, ' ').trim();
  return line.length <= maxLength ? line : `${line.slice(0, maxLength - 1)}…`;
}
