import fc from 'fast-check';
import { DIALECT_IDS, type DecodeResult, type DecodedFiling, type DecodedUpdate } from './dialect';
import { DIALECTS } from './dialect-registry';
import { canonicalFiling, canonicalUpdate } from './testing/canonical-arbitraries';
import { filingProblems, updateProblems } from './testing/hub-acceptance';
import { mutationsOf } from './testing/payload-mutations';
import { CONTEXTS } from './testing/sample-contexts';
import { schemaErrors, schemaValidator } from './testing/schema-validator';

/** What a JSON body becomes on the wire and back. */
function overTheWire(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body));
}

/** Open311 arguments as a form parser yields them: strings, `attribute[code]` keys. */
function asForm(body: Record<string, unknown>): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'attribute' && typeof value === 'object' && value !== null) {
      for (const [code, attribute] of Object.entries(value)) form[`attribute[${code}]`] = attribute;
    } else {
      form[key] = String(value);
    }
  }
  return form;
}

/** Times are compared as instants: the raw string is the dialect's spelling of it. */
function comparable<T extends DecodedFiling | DecodedUpdate>(
  value: T,
  withExternalId = true,
): unknown {
  const copy: Record<string, unknown> = { ...value };
  if ('filedAt' in copy) copy['filedAt'] = (value as DecodedFiling).filedAt?.utc ?? null;
  if ('occurredAt' in copy) copy['occurredAt'] = (value as DecodedUpdate).occurredAt?.utc ?? null;
  if (!withExternalId) delete copy['externalId'];
  return copy;
}

function expectRefusedCleanly<T>(result: DecodeResult<T>): void {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(issue.code).not.toBe('DIALECT.UNREADABLE');
    expect(issue.pointer === '' || issue.pointer.startsWith('/')).toBe(true);
    expect(issue.expected).toMatch(/\S/);
  }
}

describe.each(DIALECT_IDS)('%s properties', (dialect) => {
  const { decodeFiling, decodeUpdate, encodeFiling, encodeUpdate } = DIALECTS[dialect];
  const context = CONTEXTS[dialect];
  const filingSchema = schemaValidator(dialect, 'filing');

  it('decodes what it encodes: every canonical field of a filing it can carry comes back', () => {
    fc.assert(
      fc.property(canonicalFiling(dialect, context), (filing) => {
        const payload = overTheWire(encodeFiling(filing, context));
        expect(schemaErrors(filingSchema, payload)).toEqual([]);
        const decoded = decodeFiling(payload, context);
        if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
        expect(comparable(decoded.value, dialect !== 'open311-v2')).toEqual(
          comparable(filing, dialect !== 'open311-v2'),
        );
        expect(filingProblems(decoded.value, context.authority)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  if (dialect === 'open311-v2') {
    it('decodes the form-encoded arguments exactly like the JSON ones, same derived id', () => {
      fc.assert(
        fc.property(canonicalFiling(dialect, context), (filing) => {
          const json = encodeFiling(filing, context);
          const fromJson = decodeFiling(overTheWire(json), context);
          const form = asForm(json);
          expect(schemaErrors(filingSchema, form)).toEqual([]);
          const fromForm = decodeFiling(form, context);
          expect(fromForm).toEqual(fromJson);
        }),
        { numRuns: 100 },
      );
    });
  } else {
    it('decodes what it encodes: every canonical field of an update it can carry comes back', () => {
      const updateSchema = schemaValidator(dialect, 'update');
      fc.assert(
        fc.property(canonicalUpdate(dialect, context), (update) => {
          const payload = overTheWire(encodeUpdate(update, context));
          expect(schemaErrors(updateSchema, payload)).toEqual([]);
          const decoded = decodeUpdate(payload, context);
          if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
          expect(comparable(decoded.value)).toEqual(comparable(update));
          expect(updateProblems(decoded.value, context.authority)).toEqual([]);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('never throws on anything, and refuses with pointers and reasons', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (payload) => {
        const filing = decodeFiling(payload, context);
        expectRefusedCleanly(filing);
        if (filing.ok) expect(filingProblems(filing.value, context.authority)).toEqual([]);
        const update = decodeUpdate(payload, context);
        expectRefusedCleanly(update);
        if (update.ok) expect(updateProblems(update.value, context.authority)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a damaged filing through unless the hub and the schema accept it', () => {
    const damaged = canonicalFiling(dialect, context)
      .map((filing) => overTheWire(encodeFiling(filing, context)))
      .chain(mutationsOf);
    fc.assert(
      fc.property(damaged, (payload) => {
        const decoded = decodeFiling(payload, context);
        expectRefusedCleanly(decoded);
        if (decoded.ok) {
          expect(filingProblems(decoded.value, context.authority)).toEqual([]);
          expect(schemaErrors(filingSchema, payload)).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  if (dialect !== 'open311-v2') {
    it('never lets a damaged update through unless the hub and the schema accept it', () => {
      const updateSchema = schemaValidator(dialect, 'update');
      const damaged = canonicalUpdate(dialect, context)
        .map((update) => overTheWire(encodeUpdate(update, context)))
        .chain(mutationsOf);
      fc.assert(
        fc.property(damaged, (payload) => {
          const decoded = decodeUpdate(payload, context);
          expectRefusedCleanly(decoded);
          if (decoded.ok) {
            expect(updateProblems(decoded.value, context.authority)).toEqual([]);
            expect(schemaErrors(updateSchema, payload)).toEqual([]);
          }
        }),
        { numRuns: 400 },
      );
    });
  }
});
