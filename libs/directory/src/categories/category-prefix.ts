/**
 * True when `prefix` is `code` or a whole-segment prefix of it: `waste` covers `waste.collection`,
 * but `water` does not cover `waterway.x` and `roads.municipal` does not cover `roads.departmental`.
 */
export function coversCategory(prefix: string, code: string): boolean {
  return code === prefix || code.startsWith(`${prefix}.`);
}
