import { unstorableTextPointer } from './storable-text';

describe('unstorableTextPointer', () => {
  it('finds nothing in ordinary text, accents, emoji (paired surrogates) included', () => {
    expect(
      unstorableTextPointer({ a: 'Nid-de-poule à Gien 🚧', b: [1, null, { c: 'é' }], d: true }),
    ).toBeNull();
    expect(unstorableTextPointer('plain')).toBeNull();
    expect(unstorableTextPointer(42)).toBeNull();
  });

  it('points at the first NUL character or lone surrogate, in document order', () => {
    expect(unstorableTextPointer({ a: 'ok', b: { c: ['x', 'y\u0000'] }, d: '\u0000' })).toBe(
      '/b/c/1',
    );
    expect(unstorableTextPointer({ description: 'broken \ud83d text' })).toBe('/description');
    expect(unstorableTextPointer({ description: 'broken \ude00 text' })).toBe('/description');
    expect(unstorableTextPointer({ 'a/b': { 'c~d': '\u0000' } })).toBe('/a~1b/c~0d');
    expect(unstorableTextPointer('\u0000')).toBe('');
  });

  it('looks at keys too: the key is named by its parent', () => {
    expect(unstorableTextPointer({ outer: { 'bad\u0000key': 1 } })).toBe('/outer');
  });
});
