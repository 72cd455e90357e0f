import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DIALECT_IDS, type DialectId } from '../dialect';

/** schemas/dialects, for tests that read the files themselves. */
export const SCHEMAS_DIR = join(__dirname, '../../../../schemas/dialects');

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
for (const dialect of DIALECT_IDS) {
  ajv.addSchema(readJson(join(SCHEMAS_DIR, dialect, `${dialect}.schema.json`)) as object);
}
ajv.addSchema(readJson(join(SCHEMAS_DIR, 'vocabulary.schema.json')) as object);
ajv.addSchema(readJson(join(SCHEMAS_DIR, 'open311-v2', 'vocabulary.schema.json')) as object);

const BASE = 'https://maillage.example/schemas/dialects';

/** The validator of one `$defs` entry of a dialect's schema (`filing`, `update`, `outbound`...). */
export function schemaValidator(dialect: DialectId, definition: string): ValidateFunction {
  const validate = ajv.getSchema(`${BASE}/${dialect}/${dialect}.schema.json#/$defs/${definition}`);
  if (validate === undefined) throw new Error(`No $defs/${definition} in the ${dialect} schema`);
  return validate;
}

export function vocabularyValidator(dialect: DialectId): ValidateFunction {
  const id =
    dialect === 'open311-v2'
      ? `${BASE}/open311-v2/vocabulary.schema.json`
      : `${BASE}/vocabulary.schema.json`;
  const validate = ajv.getSchema(id);
  if (validate === undefined) throw new Error(`No schema ${id}`);
  return validate;
}

/** Validation errors in a readable form, for failure messages; [] when valid. */
export function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''}`,
  );
}
