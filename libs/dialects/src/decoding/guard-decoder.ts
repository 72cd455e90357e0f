import type { DecodeResult, DialectContext } from '../dialect';

/**
 * Wraps a decoder so that nothing escapes it: a decoder bug on some unforeseen input becomes a
 * refused payload (`DIALECT.UNREADABLE`) instead of a 500, and nothing is recorded either way.
 */
export function guardDecoder<T>(
  decode: (payload: unknown, context: DialectContext) => DecodeResult<T>,
): (payload: unknown, context: DialectContext) => DecodeResult<T> {
  return (payload, context) => {
    try {
      return decode(payload, context);
    } catch {
      return {
        ok: false,
        issues: [
          {
            pointer: '',
            expected: 'a payload this decoder can read (it failed unexpectedly: please report it)',
            code: 'DIALECT.UNREADABLE',
          },
        ],
      };
    }
  };
}
