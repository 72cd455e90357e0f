import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './json-schema';

/** The dialects the hub ships, each with `schemas/dialects/<id>/<id>.schema.json`. */
export const DIALECTS = ['commune-v1', 'epci-v1', 'departement-v1', 'open311-v2'] as const;
export type Dialect = (typeof DIALECTS)[number];

const SCHEMAS_DIR = join(__dirname, '../../../schemas/dialects');

/** A dialect's schema file, as the generators read it (`$ref`s resolved within the file). */
export function dialectSchema(dialect: Dialect): {
  $id: string;
  $defs: Record<string, JsonSchema>;
} {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, dialect, `${dialect}.schema.json`), 'utf8')) as {
    $id: string;
    $defs: Record<string, JsonSchema>;
  };
}

const dialects = new Ajv2020({ allErrors: true, strict: false });
addFormats(dialects);
for (const dialect of DIALECTS) dialects.addSchema(dialectSchema(dialect));

/** The validator of `$defs/<definition>` of a dialect's schema (`filing`, `update`, `errors`…). */
export function dialectValidator(dialect: Dialect, definition: string): ValidateFunction {
  const { $id } = dialectSchema(dialect);
  const validate = dialects.getSchema(`${$id}#/$defs/${definition}`);
  if (!validate) throw new Error(`No $defs/${definition} in ${dialect}`);
  return validate;
}

const OPENAPI_ID = 'urn:maillage:openapi';

/**
 * Validators of schemas inside an OpenAPI 3.0 document (`nullable`, `example` and the like
 * understood), by the schema itself: `$ref`s into `#/components` resolve against the document.
 */
export function openApiValidators(document: object): (schema: JsonSchema) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ ...(rebased(document) as object), $id: OPENAPI_ID });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(rebased(schema) as object);
      cache.set(key, validate);
    }
    return validate;
  };
}

/**
 * The schema with its local `$ref`s pointed at the registered document, and OpenAPI 3.0's
 * `nullable` read as its authors mean it, null or the rest: ajv's `nullable` only widens a `type`
 * beside it, so `{ nullable: true, allOf: [{ $ref }] }` (what @nestjs/swagger writes for an
 * optional nested DTO) would refuse the null the hub takes.
 */
function rebased(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebased);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as { nullable?: boolean };
  if (nullable === true) return { anyOf: [rebased(rest), { type: 'null' }] };
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? [key, `${OPENAPI_ID}${value}`]
        : [key, rebased(value)],
    ),
  );
}

/** Validation errors in a readable form, for failure messages; [] when valid. */
export function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
