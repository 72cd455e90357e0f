import categoriesV1 from '../../../../schemas/routing/categories.v1.json';
import type { CategoryTaxonomy } from './category-taxonomy';
import { parseCategoryTaxonomy } from './parse-category-taxonomy';

/**
 * The taxonomy shipped in `schemas/routing/categories.v1.json`. Imported rather than read from disk
 * so that the build carries it next to the code; still validated, since the file is edited by hand.
 */
export function bundledCategoryTaxonomy(): CategoryTaxonomy {
  return parseCategoryTaxonomy(categoriesV1);
}
