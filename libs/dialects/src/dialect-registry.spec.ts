import { DIALECT_IDS } from './dialect';
import { DIALECTS, dialectById, dialectFor, isDialectId } from './dialect-registry';
import { guardDecoder } from './decoding/guard-decoder';
import { CONTEXTS } from './testing/sample-contexts';

describe('the dialect registry', () => {
  it('has every built-in dialect under its own id', () => {
    for (const id of DIALECT_IDS) {
      expect(DIALECTS[id].id).toBe(id);
      expect(dialectById(id)).toBe(DIALECTS[id]);
      expect(dialectFor(id)).toBe(DIALECTS[id]);
    }
  });

  it('answers null for ids it does not know, prototype names included', () => {
    for (const id of ['commune-v2', '', 'toString', '__proto__', 'COMMUNE-V1']) {
      expect(isDialectId(id)).toBe(false);
      expect(dialectFor(id)).toBeNull();
    }
  });
});

describe('guarded decoders', () => {
  it('turn an unexpected failure into a refusal instead of a throw', () => {
    const decode = guardDecoder(() => {
      throw new TypeError('a bug');
    });
    expect(decode({}, CONTEXTS['commune-v1'])).toEqual({
      ok: false,
      issues: [expect.objectContaining({ pointer: '', code: 'DIALECT.UNREADABLE' })],
    });
  });

  it('report an absurdly long unknown key without echoing all of it', () => {
    const key = 'k'.repeat(1_000_000);
    const decoded = DIALECTS['departement-v1'].decodeFiling(
      { [key]: 1 },
      CONTEXTS['departement-v1'],
    );
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      const pointers = decoded.issues.map((issue) => issue.pointer);
      expect(pointers).toContain(`/${'k'.repeat(200)}…`);
      expect(JSON.stringify(decoded.issues).length).toBeLessThan(10_000);
    }
  });
});
