import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECT_IDS, type DialectId } from './dialect';
import { DIALECTS } from './dialect-registry';
import { filingProblems, updateProblems } from './testing/hub-acceptance';
import { CONTEXTS, encodeContext } from './testing/sample-contexts';
import { SAMPLE_HISTORY } from './testing/sample-events';
import { sampleOutbound } from './testing/sample-outbound';
import {
  readJson,
  SCHEMAS_DIR,
  schemaErrors,
  schemaValidator,
  vocabularyValidator,
} from './testing/schema-validator';

/** The example files of a dialect whose name starts with `prefix`, with their content. */
function examples(dialect: DialectId, prefix: string): [string, unknown][] {
  const dir = join(SCHEMAS_DIR, dialect, 'examples');
  return readdirSync(dir)
    .filter((file) => file.startsWith(`${prefix}-`) && file.endsWith('.json'))
    .sort()
    .map((file) => [file, readJson(join(dir, file))]);
}

describe.each(DIALECT_IDS)('%s examples and schema', (dialect) => {
  const dialectObject = DIALECTS[dialect];
  const context = CONTEXTS[dialect];

  it('has examples of every kind of message it defines', () => {
    expect(examples(dialect, 'filing').length).toBeGreaterThan(0);
    expect(examples(dialect, 'outbound').length).toBeGreaterThan(0);
    if (dialect !== 'open311-v2')
      expect(examples(dialect, 'update').length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples(dialect, 'filing'))(
    'decodes %s into a filing the hub accepts',
    (_file, example) => {
      const decoded = dialectObject.decodeFiling(example, context);
      expect(decoded).toMatchObject({ ok: true });
      if (decoded.ok) expect(filingProblems(decoded.value, context.authority)).toEqual([]);
      expect(schemaErrors(schemaValidator(dialect, 'filing'), example)).toEqual([]);
    },
  );

  // Open311 GeoReport v2 has no update message: no update example.
  const updates = examples(dialect, 'update');
  (updates.length === 0 ? it.skip.each([['none', null]]) : it.each(updates))(
    'decodes %s into an update the hub accepts',
    (_file, example) => {
      const decoded = dialectObject.decodeUpdate(example, context);
      expect(decoded).toMatchObject({ ok: true });
      if (decoded.ok) expect(updateProblems(decoded.value, context.authority)).toEqual([]);
      expect(schemaErrors(schemaValidator(dialect, 'update'), example)).toEqual([]);
    },
  );

  it('documents exactly what the encoder sends in the sample scenario (outbound-*.json)', () => {
    const expected = new Map(examples(dialect, 'outbound'));
    const actual = sampleOutbound(dialect);
    expect(actual.size).toBe(expected.size);
    for (const [kind, message] of actual) {
      const file = `outbound-${kind.replace(/[._]/g, '-').toLowerCase()}.json`;
      expect({ file, body: JSON.parse(JSON.stringify(message.body)) as unknown }).toEqual({
        file,
        body: expected.get(file),
      });
    }
  });

  it.each(examples(dialect, 'outbound'))(
    'validates %s against the outbound schema',
    (_file, example) => {
      expect(schemaErrors(schemaValidator(dialect, 'outbound'), example)).toEqual([]);
    },
  );

  it('encodes every event of the sample history, for origin and target, as schema-valid messages', () => {
    const validate = schemaValidator(dialect, 'outbound');
    for (const role of ['origin', 'target'] as const) {
      for (const externalId of [null, 'GIEN-2026-000123']) {
        for (const event of SAMPLE_HISTORY) {
          const message = dialectObject.encode(event, encodeContext(dialect, role, externalId));
          if (message === null) continue;
          const body = JSON.parse(JSON.stringify(message.body)) as unknown;
          expect({ type: event.type, role, errors: schemaErrors(validate, body) }).toEqual({
            type: event.type,
            role,
            errors: [],
          });
        }
      }
    }
  });

  it('has a vocabulary file that validates against its schema', () => {
    const vocabulary = readJson(join(SCHEMAS_DIR, dialect, 'vocabulary.json'));
    expect(schemaErrors(vocabularyValidator(dialect), vocabulary)).toEqual([]);
  });

  it('documents every code of its vocabulary in its README', () => {
    const readme = readFileSync(join(SCHEMAS_DIR, dialect, 'README.md'), 'utf8');
    const vocabulary = readJson(join(SCHEMAS_DIR, dialect, 'vocabulary.json')) as Record<
      string,
      { code: string }[] | undefined
    >;
    const codes = ['categories', 'channels', 'statuses'].flatMap((table) =>
      (vocabulary[table] ?? []).map((entry) => entry.code),
    );
    expect(codes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });

  it('names itself and its schema', () => {
    expect(dialectObject.id).toBe(dialect);
    const schema = readJson(join(SCHEMAS_DIR, dialect, `${dialect}.schema.json`)) as {
      $id: string;
    };
    expect(schema.$id).toBe(dialectObject.schemaId);
  });
});
