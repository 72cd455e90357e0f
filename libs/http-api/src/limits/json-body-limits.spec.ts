import { jsonLimitProblem, jsonLimitViolation } from './json-body-limits';

const limits = { maxDepth: 4, maxArrayLength: 3 };

/** `levels` objects nested in one another under the key `k`, the innermost holding `leaf`. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let body: unknown = leaf;
  for (let level = 0; level < levels; level += 1) body = { k: body };
  return body;
}

describe('jsonLimitViolation', () => {
  it('accepts a body exactly at the limits, and scalars', () => {
    expect(jsonLimitViolation(nested(4), limits)).toBeNull();
    expect(jsonLimitViolation({ a: [1, 2, 3], b: [[{}]] }, limits)).toBeNull();
    expect(jsonLimitViolation('text', limits)).toBeNull();
    expect(jsonLimitViolation(null, limits)).toBeNull();
  });

  it('names the first container past the depth limit by its JSON pointer', () => {
    expect(jsonLimitViolation(nested(5), limits)).toEqual({
      limit: 'depth',
      pointer: '/k/k/k/k',
    });
    expect(jsonLimitViolation({ a: [[[{}]]] }, limits)).toEqual({
      limit: 'depth',
      pointer: '/a/0/0/0',
    });
  });

  it('escapes "~" and "/" in the pointer (RFC 6901)', () => {
    expect(jsonLimitViolation({ 'a/b': { 'c~d': { e: { f: {} } } } }, limits)).toEqual({
      limit: 'depth',
      pointer: '/a~1b/c~0d/e/f',
    });
  });

  it('names an array longer than the limit, at any depth, and the body itself', () => {
    expect(jsonLimitViolation({ attachments: [{}, {}, {}, {}] }, limits)).toEqual({
      limit: 'array-length',
      pointer: '/attachments',
    });
    expect(jsonLimitViolation({ a: { b: [1, [1, 2, 3, 4]] } }, limits)).toEqual({
      limit: 'array-length',
      pointer: '/a/b/1',
    });
    expect(jsonLimitViolation([1, 2, 3, 4], limits)).toEqual({
      limit: 'array-length',
      pointer: '',
    });
  });

  it('reports the first offending place in document order', () => {
    expect(jsonLimitViolation({ first: [1, 2, 3, 4], second: nested(9) }, limits)?.pointer).toBe(
      '/first',
    );
    expect(jsonLimitViolation({ first: nested(9), second: [1, 2, 3, 4] }, limits)?.pointer).toBe(
      '/first/k/k/k',
    );
  });

  it('walks a body nested 100 000 levels deep without overflowing the stack', () => {
    const deep: unknown = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(jsonLimitViolation(deep, { maxDepth: 16, maxArrayLength: 1000 })).toEqual({
      limit: 'depth',
      pointer: '/0'.repeat(16),
    });
  });
});

describe('jsonLimitProblem', () => {
  it('answers 400 with a stable code and the place, not the value', () => {
    const tooDeep = jsonLimitProblem({ limit: 'depth', pointer: '/k/k/k/k' }, limits);
    expect(tooDeep).toMatchObject({
      status: 400,
      code: 'HTTP.BODY_TOO_DEEP',
      options: { field: '/k/k/k/k', retriable: false },
    });
    expect(tooDeep.message).toContain('4 levels');
    const tooLong = jsonLimitProblem({ limit: 'array-length', pointer: '' }, limits);
    expect(tooLong).toMatchObject({ code: 'HTTP.ARRAY_TOO_LONG', options: { field: '/' } });
    expect(tooLong.message).toContain('more than 3 items');
  });
});
