/**
 * A vocabulary file that cannot be used. Thrown once, when the module loads (at boot), never
 * while translating: an IT department's typo must stop the hub from starting, not lose requests.
 */
export class VocabularyError extends Error {
  constructor(
    readonly file: string,
    /** JSON pointer to the faulty entry. */
    readonly pointer: string,
    problem: string,
  ) {
    super(`${file}${pointer === '' ? '' : ` at ${pointer}`}: ${problem}`);
    this.name = 'VocabularyError';
  }
}
