/**
 * The subset of JSON Schema (draft 2020-12, and OpenAPI 3.0's dialect of it) that the hub's
 * OpenAPI document and the dialect schemas use, and the few operations on it the fuzz generators
 * share: resolving a local `$ref`, flattening `allOf`, telling which JSON types a schema admits.
 */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly nullable?: boolean;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly propertyNames?: JsonSchema;
  readonly maxProperties?: number;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

/** The document `$ref`s are resolved in: an OpenAPI document or a dialect's schema file. */
export interface SchemaDocument {
  readonly root: unknown;
}

/** `#/components/schemas/X` or `#/$defs/x` in `document`; only local references are used. */
export function resolveRef(document: SchemaDocument, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`Only local $ref are supported: ${ref}`);
  let node: unknown = document.root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`Unresolved $ref ${ref}`);
  return node;
}

/**
 * The schema with its `$ref` followed and its `allOf` merged into one (properties and `required`
 * united, the rest laid over): the shape every generator works on. Sibling keywords of a `$ref`
 * (OpenAPI 3.0 ignores them, 2020-12 applies both) are kept, which is what both mean here.
 */
export function flatten(document: SchemaDocument, schema: JsonSchema): JsonSchema {
  let ofDocument = flattened.get(document);
  if (!ofDocument) flattened.set(document, (ofDocument = new WeakMap()));
  let flat = ofDocument.get(schema);
  if (!flat) ofDocument.set(schema, (flat = flattenOnce(document, schema)));
  return flat;
}

const flattened = new WeakMap<SchemaDocument, WeakMap<JsonSchema, JsonSchema>>();

function flattenOnce(document: SchemaDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  while (current.$ref !== undefined) {
    const { $ref, ...siblings } = current;
    current = { ...resolveRef(document, $ref), ...siblings };
  }
  if (current.allOf === undefined) return current;
  const { allOf, ...rest } = current;
  let merged: JsonSchema = rest;
  for (const part of allOf) {
    const flat = flatten(document, part);
    merged = {
      ...flat,
      ...merged,
      properties: { ...flat.properties, ...merged.properties },
      required: [...(flat.required ?? []), ...(merged.required ?? [])],
    };
  }
  return merged;
}

/** The JSON type of a value, as JSON Schema names it. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** Every JSON type a (flattened) schema lets through; `undefined` when it does not restrict it. */
export function admittedTypes(
  document: SchemaDocument,
  schema: JsonSchema,
): Set<JsonType> | undefined {
  const flat = flatten(document, schema);
  const branches = flat.anyOf ?? flat.oneOf;
  let types: Set<JsonType> | undefined;
  if (branches) {
    types = new Set();
    for (const branch of branches) {
      const admitted = admittedTypes(document, branch);
      if (admitted === undefined) return undefined;
      for (const type of admitted) types.add(type);
    }
  } else if (flat.type !== undefined) {
    types = new Set(typeof flat.type === 'string' ? [flat.type] : flat.type);
  } else if (flat.const !== undefined) {
    types = new Set([jsonTypeOf(flat.const)]);
  } else if (flat.enum !== undefined) {
    types = new Set(flat.enum.map(jsonTypeOf));
  } else if (flat.properties !== undefined) {
    types = new Set(['object']);
  } else if (flat.items !== undefined) {
    types = new Set(['array']);
  } else {
    return undefined;
  }
  if (types.has('number')) types.add('integer');
  if (flat.nullable) types.add('null');
  return types;
}

/**
 * Whether `value` plausibly is an instance of `branch`: its type, and for objects the constants
 * (`const`, one-value `enum`) that tell the variants of a `oneOf` apart. Enough to find which
 * branch of a discriminated or type-disjoint `anyOf`/`oneOf` a generated value came from.
 */
export function looksLike(document: SchemaDocument, branch: JsonSchema, value: unknown): boolean {
  const flat = flatten(document, branch);
  const types = admittedTypes(document, flat);
  if (types !== undefined && !types.has(jsonTypeOf(value))) return false;
  if (flat.const !== undefined && flat.const !== value) return false;
  if (jsonTypeOf(value) !== 'object' || flat.properties === undefined) return true;
  const object = value as Record<string, unknown>;
  if (!(flat.required ?? []).every((key) => key in object)) return false;
  return Object.entries(flat.properties).every(([key, property]) => {
    if (!(key in object)) return true;
    const constant = flatten(document, property).const;
    return constant === undefined || constant === object[key];
  });
}
