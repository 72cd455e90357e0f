import vocabularyFile from '../../../../schemas/dialects/departement-v1/vocabulary.json';
import { describeVocabulary } from '../vocabulary/vocabulary-descriptions';
import { compileVocabulary } from '../vocabulary/vocabulary';

/** schemas/dialects/departement-v1/vocabulary.json, checked and compiled once at module load. */
export const DEPARTEMENT_VOCABULARY = compileVocabulary(
  vocabularyFile,
  'schemas/dialects/departement-v1/vocabulary.json',
);

export const DEPARTEMENT_CODES = describeVocabulary(DEPARTEMENT_VOCABULARY, 'departement-v1');
