import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Checks a document against a compiled schema; answers one readable line per problem, none when valid. */
export type DocumentCheck = (document: unknown) => string[];

/**
 * Compiles a draft 2020-12 schema in strict mode, so that a typo in the schema itself fails at
 * boot instead of silently accepting everything. `allErrors` lets an editor fix a file in one pass.
 */
export function compileJsonSchema(schema: object): DocumentCheck {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? []).map((error) => {
      const where = error.instancePath === '' ? '(root)' : error.instancePath;
      const params = JSON.stringify(error.params);
      return `${where} ${error.message ?? 'is invalid'} ${params}`;
    });
  };
}
