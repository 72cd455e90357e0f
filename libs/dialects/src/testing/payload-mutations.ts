import fc from 'fast-check';

export type Path = readonly (string | number)[];
export const DELETE = Symbol('delete');

/** Every path to a value inside `value` (not the root itself). */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item] as [number, unknown])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

/** A copy of `value` with the value at `path` replaced, or removed for DELETE. */
export function mutated(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}

/** Replacement values that probe the edges: wrong types, blanks, huge strings, prototype keys. */
export const replacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(DELETE),
  fc.anything({ withNullPrototype: true, withObjectString: true }),
  fc.constantFrom(
    '',
    ' ',
    null,
    0,
    -0,
    1e308,
    Number.NaN,
    '31/02/2026 10:00',
    '2026-02-30T10:00:00Z',
    '29/03/2026 02:30',
    'x'.repeat(100_000),
    '__proto__',
    'constructor',
    [],
    {},
    JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  ),
  fc.string(),
);

/** A valid payload with one value replaced or removed somewhere, or an extra top-level field. */
export function mutationsOf(payload: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(payload);
  const changed =
    paths.length === 0
      ? fc.constant(payload)
      : fc
          .tuple(fc.constantFrom(...paths), replacement)
          .map(([path, value]) => mutated(payload, path, value));
  const extra = fc
    .tuple(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')),
      fc.jsonValue(),
    )
    .map(([key, value]) => {
      const copy = structuredClone(payload) as Record<string, unknown>;
      Object.defineProperty(copy, key, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return copy;
    });
  return fc.oneof({ arbitrary: changed, weight: 4 }, { arbitrary: extra, weight: 1 });
}
