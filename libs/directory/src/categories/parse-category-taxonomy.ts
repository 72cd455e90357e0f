import categoriesSchema from '../../../../schemas/routing/categories.schema.json';
import { DirectoryError } from '../errors/directory-error';
import { compileJsonSchema, type DocumentCheck } from '../json-schema/compile-json-schema';
import type { TerritorialLevel } from '../territory/territorial-level';
import type { Category } from './category';
import { CategoryTaxonomy } from './category-taxonomy';

interface CategoriesDocument {
  readonly version: string;
  readonly categories: readonly {
    readonly code: string;
    readonly labels: { readonly fr: string; readonly en: string };
    readonly defaultLevel: TerritorialLevel;
    readonly note?: string;
  }[];
}

let check: DocumentCheck | null = null;

/**
 * Validates a taxonomy document against `schemas/routing/categories.schema.json` and builds the
 * taxonomy. Throws `DIRECTORY.INVALID_RULES` listing every problem: meant for boot, not requests.
 */
export function parseCategoryTaxonomy(document: unknown): CategoryTaxonomy {
  check ??= compileJsonSchema(categoriesSchema);
  const problems = check(document);
  if (problems.length > 0) {
    throw new DirectoryError(
      'DIRECTORY.INVALID_RULES',
      `invalid category taxonomy:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const { version, categories } = document as CategoriesDocument;
  return new CategoryTaxonomy(
    version,
    categories.map((category): Category => ({
      code: category.code,
      labels: { fr: category.labels.fr, en: category.labels.en },
      defaultLevel: category.defaultLevel,
      note: category.note ?? null,
    })),
  );
}
