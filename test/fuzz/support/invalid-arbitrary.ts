import fc from 'fast-check';
import {
  admittedTypes,
  flatten,
  type JsonSchema,
  type JsonType,
  jsonTypeOf,
  looksLike,
} from './json-schema';
import { type GenerationContext, validArbitrary } from './valid-arbitrary';

export type MutationKind =
  | 'wrong-type'
  | 'missing-required'
  | 'unknown-property'
  | 'bad-property-name'
  | 'enum-violation'
  | 'bad-format'
  | 'pattern-mismatch'
  | 'too-long'
  | 'too-short'
  | 'out-of-range'
  | 'not-an-integer'
  | 'too-many-items'
  | 'too-few-items';

/** The one rule a value was made to break, and where (a JSON pointer into the value). */
export interface Mutation {
  readonly kind: MutationKind;
  readonly pointer: string;
  readonly reason: string;
}

export interface InvalidValue {
  readonly value: unknown;
  readonly mutation: Mutation;
}

const REMOVE = Symbol('remove');

/** One place a valid value can be broken, and the replacement that breaks it. */
interface Site extends Mutation {
  readonly path: readonly (string | number)[];
  /** The candidates, when there are a few (checked once against sibling branches), or an arbitrary. */
  readonly replacement: readonly unknown[] | fc.Arbitrary<unknown>;
}

function arbitraryOf(replacement: Site['replacement']): fc.Arbitrary<unknown> {
  return Array.isArray(replacement)
    ? fc.constantFrom(...(replacement as unknown[]))
    : (replacement as fc.Arbitrary<unknown>);
}

/**
 * Values that break `schema` by exactly one mutation of a valid value: the field the hub should
 * name, and why. Schemas whose `anyOf`/`oneOf` branches are told apart by type or by a constant
 * (as every schema of the hub's is) keep the value invalid whichever branch it came from.
 */
export function invalidArbitrary(
  context: GenerationContext,
  schema: JsonSchema,
): fc.Arbitrary<InvalidValue> {
  return validArbitrary(context, schema)
    .map((value) => ({ value, sites: sitesOf(context, schema, value, []) }))
    .filter(({ sites }) => sites.length > 0)
    .chain(({ value, sites }) =>
      fc.constantFrom(...sites).chain((site) =>
        arbitraryOf(site.replacement).map((replacement) => ({
          value: replaced(value, site.path, replacement),
          mutation: { kind: site.kind, pointer: site.pointer, reason: site.reason },
        })),
      ),
    );
}

function pointerOf(path: readonly (string | number)[]): string {
  return path.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function replaced(value: unknown, path: readonly (string | number)[], replacement: unknown) {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === REMOVE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** A value of each JSON type, for wrong-type mutations. */
const OF_TYPE: Record<Exclude<JsonType, 'integer'>, unknown> = {
  string: 'fuzz',
  number: 1.5,
  boolean: true,
  null: null,
  array: [],
  object: {},
};

function sitesOf(
  context: GenerationContext,
  schema: JsonSchema,
  value: unknown,
  path: readonly (string | number)[],
): Site[] {
  const site = (kind: MutationKind, reason: string, replacement: Site['replacement']): Site => ({
    kind,
    reason,
    replacement,
    path,
    pointer: pointerOf(path),
  });
  const sites: Site[] = [];
  const admitted = admittedTypes(context, schema);
  if (admitted !== undefined) {
    const wrong = (Object.keys(OF_TYPE) as (keyof typeof OF_TYPE)[]).filter(
      (type) => !admitted.has(type),
    );
    if (wrong.length > 0) {
      const expected = [...admitted].join(' or ');
      sites.push(
        site(
          'wrong-type',
          `expected ${expected}`,
          wrong.map((type) => OF_TYPE[type]),
        ),
      );
    }
  }
  const flat = flatten(context, schema);
  if (value === null) return sites;
  const branches = flat.anyOf ?? flat.oneOf;
  if (branches) {
    const branch = branches.find((candidate) => looksLike(context, candidate, value));
    if (!branch) return sites;
    // The branch's own wrong-type site may be another branch's type: only the union's counts.
    // And a break of this branch must not be what another branch takes (`anyOf: [{ minLength:
    // 1 }, { const: '' }]`).
    const others = branches.filter((other) => other !== branch);
    const takenElsewhere = (replacement: unknown): boolean =>
      others.some((other) => plainlyAdmits(context, other, replacement));
    const inBranch = sitesOf(context, branch, value, path).flatMap((s): Site[] => {
      if (s.path === path && s.kind === 'wrong-type') return [];
      if (!Array.isArray(s.replacement)) {
        const replacement = (s.replacement as fc.Arbitrary<unknown>).filter(
          (r) => !takenElsewhere(r),
        );
        return [{ ...s, replacement }];
      }
      const kept = (s.replacement as unknown[]).filter((r) => !takenElsewhere(r));
      return kept.length > 0 ? [{ ...s, replacement: kept }] : [];
    });
    return [...sites, ...inBranch];
  }
  if (flat.const !== undefined || flat.enum !== undefined) {
    const allowed = flat.enum ?? [flat.const];
    const outside = `${String(allowed[0])}_HORS_LISTE`;
    if (typeof value === 'string' && !allowed.includes(outside)) {
      sites.push(site('enum-violation', `expected one of ${allowed.join(', ')}`, [outside]));
    }
    return sites;
  }
  switch (jsonTypeOf(value)) {
    case 'string':
      return [...sites, ...stringSites(flat, value as string, site)];
    case 'integer':
    case 'number':
      if (flat.minimum !== undefined) {
        sites.push(site('out-of-range', `expected ≥ ${flat.minimum}`, [flat.minimum - 1]));
      }
      if (flat.maximum !== undefined) {
        sites.push(site('out-of-range', `expected ≤ ${flat.maximum}`, [flat.maximum + 1]));
      }
      if (admitted?.has('integer') && !admitted.has('number')) {
        sites.push(site('not-an-integer', 'expected an integer', [(value as number) + 0.5]));
      }
      return sites;
    case 'array':
      return [...sites, ...arraySites(context, flat, value as unknown[], path, site)];
    case 'object':
      return [
        ...sites,
        ...objectSites(context, flat, value as Record<string, unknown>, path, site),
      ];
    default:
      return sites;
  }
}

type SiteMaker = (kind: MutationKind, reason: string, replacement: Site['replacement']) => Site;

function stringSites(schema: JsonSchema, value: string, site: SiteMaker): Site[] {
  const sites: Site[] = [];
  if (schema.maxLength !== undefined) {
    const length = schema.maxLength + 1;
    sites.push(
      site('too-long', `expected at most ${schema.maxLength} characters`, ['x'.repeat(length)]),
    );
  }
  if (schema.minLength !== undefined && schema.minLength > 0) {
    sites.push(site('too-short', `expected at least ${schema.minLength} characters`, ['']));
  }
  if (schema.format !== undefined) {
    sites.push(site('bad-format', `expected a ${schema.format}`, [`pas un ${schema.format}`]));
  }
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern, 'u');
    const within = (candidate: string): boolean =>
      !pattern.test(candidate) &&
      candidate.length >= (schema.minLength ?? 0) &&
      candidate.length <= (schema.maxLength ?? Infinity);
    // Near misses first: the valid value with a space, a letter or its first character changed.
    const nearMisses = [` ${value}`, `${value} `, `${value}Z`, `Z${value.slice(1)}`, ' '.repeat(3)];
    const candidates = nearMisses.filter(within);
    sites.push(
      site(
        'pattern-mismatch',
        `expected to match ${schema.pattern}`,
        candidates.length > 0
          ? candidates
          : fc.string({ minLength: schema.minLength ?? 0, maxLength: 20 }).filter(within),
      ),
    );
  }
  return sites;
}

function arraySites(
  context: GenerationContext,
  schema: JsonSchema,
  value: unknown[],
  path: readonly (string | number)[],
  site: SiteMaker,
): Site[] {
  const sites: Site[] = [];
  const items = schema.items;
  if (schema.maxItems !== undefined && items) {
    const length = schema.maxItems + 1;
    sites.push(
      site(
        'too-many-items',
        `expected at most ${schema.maxItems} items`,
        fc.array(validArbitrary(context, items), { minLength: length, maxLength: length }),
      ),
    );
  }
  if (schema.minItems !== undefined && schema.minItems > 0) {
    sites.push(site('too-few-items', `expected at least ${schema.minItems} items`, [[]]));
  }
  if (items) {
    value.forEach((item, index) => sites.push(...sitesOf(context, items, item, [...path, index])));
  }
  return sites;
}

function objectSites(
  context: GenerationContext,
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: readonly (string | number)[],
  site: SiteMaker,
): Site[] {
  const sites: Site[] = [];
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    if (!(key in value)) continue;
    sites.push({
      ...site('missing-required', `${key} is required`, [REMOVE]),
      path: [...path, key],
      pointer: pointerOf([...path, key]),
    });
  }
  const patterns = Object.keys(schema.patternProperties ?? {}).map((p) => new RegExp(p, 'u'));
  if (schema.additionalProperties === false) {
    const unknown = 'champInconnu';
    if (!(unknown in properties) && !patterns.some((pattern) => pattern.test(unknown))) {
      sites.push({
        ...site('unknown-property', `${unknown} is not a property`, ['fuzz']),
        path: [...path, unknown],
        pointer: pointerOf([...path, unknown]),
      });
    }
  }
  const names = schema.propertyNames?.pattern;
  if (names !== undefined && typeof schema.additionalProperties === 'object') {
    const key = '[nom]';
    if (!new RegExp(names, 'u').test(key)) {
      sites.push({
        ...site('bad-property-name', `expected names matching ${names}`, ['fuzz']),
        path: [...path, key],
        pointer: pointerOf([...path, key]),
      });
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key] ?? matchingPattern(schema, key);
    const itemSchema =
      property ??
      (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (itemSchema) sites.push(...sitesOf(context, itemSchema, item, [...path, key]));
  }
  return sites;
}

/** Whether a branch made only of a constant, an enum or a bare type takes `value`. */
function plainlyAdmits(context: GenerationContext, branch: JsonSchema, value: unknown): boolean {
  const flat = flatten(context, branch);
  if (flat.const !== undefined) return flat.const === value;
  if (flat.enum !== undefined) return flat.enum.includes(value);
  const {
    type,
    description: _,
    title: __,
    ...constraints
  } = flat as JsonSchema & {
    description?: string;
    title?: string;
  };
  if (type === undefined || Object.keys(constraints).length > 0) return false;
  const types = admittedTypes(context, { type }) ?? new Set();
  return value !== REMOVE && types.has(jsonTypeOf(value));
}

function matchingPattern(schema: JsonSchema, key: string): JsonSchema | undefined {
  const entry = Object.entries(schema.patternProperties ?? {}).find(([pattern]) =>
    new RegExp(pattern, 'u').test(key),
  );
  return entry?.[1];
}
