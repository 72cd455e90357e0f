import vocabularyFile from '../../../../schemas/dialects/commune-v1/vocabulary.json';
import { describeVocabulary } from '../vocabulary/vocabulary-descriptions';
import { compileVocabulary } from '../vocabulary/vocabulary';

/** schemas/dialects/commune-v1/vocabulary.json, checked and compiled once at module load. */
export const COMMUNE_VOCABULARY = compileVocabulary(
  vocabularyFile,
  'schemas/dialects/commune-v1/vocabulary.json',
);

export const COMMUNE_CODES = describeVocabulary(COMMUNE_VOCABULARY, 'commune-v1');
