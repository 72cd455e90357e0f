import { DirectoryError } from '../errors/directory-error';
import type { Category } from './category';
import { coversCategory } from './category-prefix';

/** The set of categories a request may carry, looked up by code. Immutable. */
export class CategoryTaxonomy {
  private readonly byCode: ReadonlyMap<string, Category>;

  constructor(
    /** Major version of the vocabulary (`1` for `categories.v1.json`). */
    readonly version: string,
    readonly categories: readonly Category[],
  ) {
    const byCode = new Map<string, Category>();
    for (const category of categories) {
      if (byCode.has(category.code)) {
        throw new DirectoryError(
          'DIRECTORY.INVALID_RULES',
          `category ${category.code} is listed twice`,
        );
      }
      byCode.set(category.code, category);
    }
    this.byCode = byCode;
  }

  /** The category with exactly this code; null otherwise (a prefix such as `waste` is not a category). */
  category(code: string): Category | null {
    return this.byCode.get(code) ?? null;
  }

  /** The categories a rule prefix applies to; empty when it matches none. */
  coveredBy(prefix: string): readonly Category[] {
    return this.categories.filter((category) => coversCategory(prefix, category.code));
  }
}
