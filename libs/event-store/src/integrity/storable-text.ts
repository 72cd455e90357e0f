/**
 * A NUL character, or a UTF-16 surrogate without its pair. Neither is Unicode text: PostgreSQL's
 * `json` and `text` refuse both, while SQLite would store them — so the adapters would disagree.
 */
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where a parsed JSON value holds text that no event store adapter can keep as it is: a JSON
 * pointer (RFC 6901) to the first key or string holding a NUL character or a lone surrogate, in
 * document order; null when there is none. Boundaries (HTTP bodies, Kafka in-topics) refuse such
 * input with a clear error instead of an append failing deep inside the PostgreSQL adapter.
 * Walks without recursion: the depth limits are checked elsewhere, maybe later.
 */
export function unstorableTextPointer(value: unknown): string | null {
  const stack: { value: unknown; path: readonly string[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: current, path } = item;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return pointer(path);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index] as unknown, path: [...path, String(index)] });
      }
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index]!;
        if (UNSTORABLE.test(key)) return pointer(path);
        stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return null;
}

function pointer(path: readonly string[]): string {
  return path.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
