/**
 * The fuzz generators themselves: a "valid" value that a schema refuses, or an "invalid" one it
 * accepts, would let the fuzz test nothing while passing. ajv, not our code, is the judge here.
 */
import fc from 'fast-check';
import type { JsonSchema } from './json-schema';
import { invalidArbitrary, type MutationKind } from './invalid-arbitrary';
import {
  DIALECTS,
  dialectSchema,
  dialectValidator,
  openApiValidators,
  schemaErrors,
} from './schema-validators';
import { validArbitrary } from './valid-arbitrary';

const RUNS = 300;

/** An OpenAPI 3.0 fragment with every construct the hub's document uses. */
const OPENAPI = {
  openapi: '3.0.0',
  components: {
    schemas: {
      Hook: {
        type: 'object',
        properties: { url: { type: 'string', format: 'uri', maxLength: 60 } },
        required: ['url'],
        additionalProperties: false,
      },
      Body: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'count', 'at'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { type: 'string', enum: ['a', 'b'] },
          count: { type: 'integer', minimum: 1, maximum: 20 },
          ratio: { type: 'number', minimum: -90, maximum: 90 },
          at: { type: 'string', format: 'date-time' },
          email: { type: 'string', format: 'email', maxLength: 254 },
          code: { type: 'string', pattern: '^(?:\\d{5}|2[AB]\\d{3})$' },
          text: { type: 'string', minLength: 1, maxLength: 10 },
          tags: { type: 'array', maxItems: 3, minItems: 1, items: { type: 'string' } },
          hook: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Hook' }] },
          message: {
            oneOf: [
              {
                type: 'object',
                required: ['type', 'x'],
                additionalProperties: false,
                properties: { type: { const: 'X' }, x: { type: 'boolean' } },
              },
              {
                type: 'object',
                required: ['type'],
                additionalProperties: false,
                properties: {
                  type: { const: 'Y' },
                  y: { anyOf: [{ type: 'string' }, { type: 'null' }] },
                },
              },
            ],
          },
        },
      },
    },
  },
};

describe('schema-driven arbitraries', () => {
  const validatorOf = openApiValidators(OPENAPI);
  const body: JsonSchema = { $ref: '#/components/schemas/Body' };
  const context = { root: OPENAPI };

  it('generates OpenAPI values the schema accepts', () => {
    const validate = validatorOf(body);
    fc.assert(
      fc.property(validArbitrary(context, body), (value) => {
        expect(schemaErrors(validate, value)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('breaks OpenAPI values so that the schema refuses them, each kind of break included', () => {
    const validate = validatorOf(body);
    const seen = new Set<MutationKind>();
    fc.assert(
      fc.property(invalidArbitrary(context, body), ({ value, mutation }) => {
        seen.add(mutation.kind);
        expect({ mutation, valid: validate(value) }).toEqual({ mutation, valid: false });
      }),
      { numRuns: RUNS * 3 },
    );
    expect([...seen].sort()).toEqual(
      [
        'bad-format',
        'enum-violation',
        'missing-required',
        'not-an-integer',
        'out-of-range',
        'pattern-mismatch',
        'too-few-items',
        'too-long',
        'too-many-items',
        'too-short',
        'unknown-property',
        'wrong-type',
      ].sort(),
    );
  });

  it('honours overrides by $ref and by path', () => {
    const values = fc.sample(
      validArbitrary({ ...context, paths: { '/code': fc.constant('45155') }, refs: {} }, {
        ...OPENAPI.components.schemas.Body,
        required: ['id', 'kind', 'count', 'at', 'code'],
      } as unknown as JsonSchema),
      50,
    );
    expect(new Set(values.map((value) => (value as { code: string }).code))).toEqual(
      new Set(['45155']),
    );
  });

  describe.each(DIALECTS)('%s schema', (dialect) => {
    const document = { root: dialectSchema(dialect) };
    const definitions = dialect === 'open311-v2' ? ['filing'] : ['filing', 'update'];

    it.each(definitions)('generates %s messages the schema accepts', (definition) => {
      const validate = dialectValidator(dialect, definition);
      fc.assert(
        fc.property(validArbitrary(document, { $ref: `#/$defs/${definition}` }), (value) => {
          expect(schemaErrors(validate, value)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    });

    it.each(definitions)('breaks %s messages so that the schema refuses them', (definition) => {
      const validate = dialectValidator(dialect, definition);
      const seen = new Set<MutationKind>();
      fc.assert(
        fc.property(
          invalidArbitrary(document, { $ref: `#/$defs/${definition}` }),
          ({ value, mutation }) => {
            seen.add(mutation.kind);
            expect({ mutation, valid: validate(value) }).toEqual({ mutation, valid: false });
          },
        ),
        { numRuns: RUNS },
      );
      for (const kind of [
        'wrong-type',
        'missing-required',
        'unknown-property',
        'pattern-mismatch',
      ] as const) {
        expect([...seen]).toContain(kind);
      }
    });
  });
});
