import categoriesV1 from '../../../../schemas/routing/categories.v1.json';

/**
 * The hub's category codes (schemas/routing/categories.v1.json). Vocabularies may only map to
 * these, so a decoded category is always one that routing knows.
 */
export const CANONICAL_CATEGORIES: ReadonlySet<string> = new Set(
  categoriesV1.categories.map((category) => category.code),
);
