import fc from 'fast-check';
import { flatten, type JsonSchema, type JsonType, type SchemaDocument } from './json-schema';

/**
 * Where the generator takes values from something other than the schema: a `$ref` (every use of
 * `#/$defs/inseeCode`) or an instance path (`/location/inseeCode`, `*` for any array index).
 * The fuzz uses it for what the schema cannot say but the hub needs to accept a body: a commune the
 * directory knows, a category code of the vocabulary. An override must still be schema-valid.
 */
export interface GenerationContext extends SchemaDocument {
  readonly refs?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  readonly paths?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

/** How long a string or array with no upper bound grows, so that bodies stay small. */
const OPEN_LENGTH = 40;
const OPEN_ITEMS = 3;

const built = new WeakMap<
  GenerationContext,
  WeakMap<JsonSchema, Map<string, fc.Arbitrary<unknown>>>
>();

/** Values that validate against `schema` (see schema-arbitrary.spec.ts, which checks it with ajv). */
export function validArbitrary(
  context: GenerationContext,
  schema: JsonSchema,
  path = '',
): fc.Arbitrary<unknown> {
  // Built once per schema and place: the invalid generator asks again for every value it breaks.
  let ofContext = built.get(context);
  if (!ofContext) built.set(context, (ofContext = new WeakMap()));
  let ofSchema = ofContext.get(schema);
  if (!ofSchema) ofContext.set(schema, (ofSchema = new Map()));
  let arbitrary = ofSchema.get(path);
  if (!arbitrary) ofSchema.set(path, (arbitrary = build(context, schema, path)));
  return arbitrary;
}

function build(
  context: GenerationContext,
  schema: JsonSchema,
  path: string,
): fc.Arbitrary<unknown> {
  const byPath = context.paths?.[path];
  if (byPath) return byPath;
  if (schema.$ref !== undefined && context.refs?.[schema.$ref]) return context.refs[schema.$ref]!;
  const flat = flatten(context, schema);
  if (flat !== schema) return validArbitrary(context, flat, path);
  if (schema.nullable) {
    const { nullable: _, ...notNull } = schema;
    return fc.oneof(
      { weight: 4, arbitrary: validArbitrary(context, notNull, path) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => validArbitrary(context, branch, path)));
  const types = schema.type === undefined ? [inferredType(schema)] : [schema.type].flat();
  return fc.oneof(...types.map((type) => ofType(context, schema, type, path)));
}

function inferredType(schema: JsonSchema): JsonType {
  if (schema.properties || schema.additionalProperties !== undefined) return 'object';
  if (schema.items) return 'array';
  throw new Error(`Cannot generate values of a schema without a type: ${JSON.stringify(schema)}`);
}

function ofType(
  context: GenerationContext,
  schema: JsonSchema,
  type: JsonType,
  path: string,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({
        min: Math.ceil(schema.minimum ?? -1_000_000),
        max: Math.floor(schema.maximum ?? 1_000_000),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        minExcluded: schema.exclusiveMinimum !== undefined,
        maxExcluded: schema.exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? Infinity, minLength + OPEN_ITEMS);
      if (!schema.items) return fc.constant(new Array(minLength).fill(null));
      return fc.array(validArbitrary(context, schema.items, `${path}/*`), { minLength, maxLength });
    }
    case 'object':
      return validObject(context, schema, path);
  }
}

function validObject(
  context: GenerationContext,
  schema: JsonSchema,
  path: string,
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    model[key] = validArbitrary(context, property, `${path}/${key}`);
  }
  const record = fc.record(model, { requiredKeys: [...(schema.required ?? [])] });
  const extra = schema.additionalProperties;
  if (typeof extra !== 'object') return record;
  // A map (an Open311 request's `attributes`): keys the schema's propertyNames allow.
  const declared = new Set(Object.keys(schema.properties ?? {}));
  const keys = (schema.propertyNames ? validString(schema.propertyNames) : fc.string()).filter(
    (key) => !declared.has(key) && key !== '__proto__',
  );
  const room = (schema.maxProperties ?? Infinity) - declared.size;
  return fc
    .tuple(
      record,
      fc.dictionary(keys, validArbitrary(context, extra, `${path}/*`), {
        maxKeys: Math.max(0, Math.min(room, OPEN_ITEMS)),
      }),
    )
    .map(([fixed, map]) => ({ ...map, ...fixed }));
}

/**
 * Text of any Unicode scalar value, or printable ASCII; what a GRC tool may send. Not NUL nor a
 * lone surrogate: not Unicode text, refused wherever they are (README, "Limits",
 * `HTTP.TEXT_UNSUPPORTED`), so a body holding one is not a valid body whatever its schema says.
 */
function text(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
    fc
      .string({ unit: 'binary', minLength, maxLength })
      .map((value) => value.replace(/\0|\p{Cs}/gu, '\uFFFD')),
  );
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? Infinity, minLength + OPEN_LENGTH);
  const fits = (value: string): boolean => {
    const length = [...value].length;
    return length >= minLength && length <= (schema.maxLength ?? Infinity);
  };
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern, 'u');
  let base: fc.Arbitrary<string>;
  switch (schema.format) {
    case 'uuid':
      base = fc.uuid();
      break;
    case 'date-time':
      base = fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString());
      break;
    case 'email':
      base = fc
        .tuple(
          fc.stringMatching(/^[a-z0-9]{1,20}(?:[._-][a-z0-9]{1,10})?$/),
          fc.stringMatching(/^[a-z0-9]{1,20}$/),
          fc.constantFrom('fr', 'org', 'eu', 'net'),
        )
        .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
      break;
    case 'uri':
      base = fc
        .tuple(
          fc.constantFrom('https', 'http'),
          fc.stringMatching(/^[a-z0-9]{1,20}$/),
          fc.constantFrom('fr', 'org', 'eu'),
          fc.stringMatching(/^(?:\/[a-z0-9._-]{1,12}){0,3}$/),
        )
        .map(([scheme, host, tld, rest]) => `${scheme}://${host}.${tld}${rest}`);
      break;
    default:
      // An anchored pattern says what the whole string is; an unanchored one (`\S`) only what it
      // contains, which plain text meets almost always (and fast-check's negated classes are slow).
      base =
        pattern && /^\^.*\$$/.test(schema.pattern!)
          ? fc.stringMatching(new RegExp(schema.pattern!))
          : text(minLength, Math.max(minLength, maxLength));
  }
  return base.filter((value) => fits(value) && (pattern === undefined || pattern.test(value)));
}
