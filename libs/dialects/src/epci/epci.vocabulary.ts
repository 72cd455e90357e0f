import vocabularyFile from '../../../../schemas/dialects/epci-v1/vocabulary.json';
import { describeVocabulary } from '../vocabulary/vocabulary-descriptions';
import { compileVocabulary } from '../vocabulary/vocabulary';
import { VocabularyError } from '../vocabulary/vocabulary-error';

/** schemas/dialects/epci-v1/vocabulary.json, checked and compiled once at module load. */
export const EPCI_VOCABULARY = compileVocabulary(
  vocabularyFile,
  'schemas/dialects/epci-v1/vocabulary.json',
);

export const EPCI_CODES = describeVocabulary(EPCI_VOCABULARY, 'epci-v1');

/** The tool's statuses are integers on the wire; the vocabulary file writes them as strings. */
export function epciStatusNumber(code: string): number {
  return Number(code);
}

// Checked at load like the rest of the file: a status code that is not an integer could never
// be received, and would be sent as null.
EPCI_VOCABULARY.statuses.forEach((entry, index) => {
  if (!/^(?:0|[1-9]\d{0,8})$/.test(entry.code)) {
    throw new VocabularyError(
      EPCI_VOCABULARY.file,
      `/statuses/${index}/code`,
      'must be an integer, written as a string',
    );
  }
});
