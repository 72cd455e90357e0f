import { coversCategory } from '../categories/category-prefix';

/**
 * The rule with the longest prefix covering `category`, or null. Order-independent, so that
 * reordering a rules file never changes a route; parsing guarantees no two rules of one scope
 * share a prefix, so there are no ties.
 */
export function selectRule<Rule extends { readonly category: string }>(
  rules: readonly Rule[],
  category: string,
): Rule | null {
  let best: Rule | null = null;
  for (const rule of rules) {
    if (!coversCategory(rule.category, category)) continue;
    if (best === null || rule.category.length > best.category.length) best = rule;
  }
  return best;
}
