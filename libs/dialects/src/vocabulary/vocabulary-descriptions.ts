import type { Vocabulary } from './vocabulary';

/** How issues describe a vocabulary's codes: the channel and status lists are short enough. */
export interface VocabularyDescriptions {
  readonly category: string;
  readonly channel: string;
}

export function describeVocabulary(
  vocabulary: Vocabulary,
  dialect: string,
): VocabularyDescriptions {
  const example = vocabulary.categories[0]?.code ?? '';
  return {
    category: `a category code of the ${dialect} vocabulary (${vocabulary.file}), e.g. ${example}`,
    channel: `one of ${vocabulary.channels.map((entry) => entry.code).join(', ')}`,
  };
}
