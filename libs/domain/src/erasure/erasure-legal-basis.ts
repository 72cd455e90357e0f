/**
 * Why a citizen's personal data was erased, as a stable code downstream tools can act on.
 * - `rgpd_art17_1a` … `rgpd_art17_1f`: the six grounds of the right to erasure, RGPD art. 17(1):
 *   (a) no longer necessary for its purpose, (b) consent withdrawn, (c) objection under art. 21,
 *   (d) unlawfully processed, (e) erasure required by a legal obligation, (f) a child's data
 *   collected for an information society service;
 * - `archives_disposal`: the retention period (durée d'utilité administrative) is over and the
 *   archives service approved the file's destruction (Code du patrimoine, art. L212-2).
 */
export const ERASURE_LEGAL_BASES = [
  'rgpd_art17_1a',
  'rgpd_art17_1b',
  'rgpd_art17_1c',
  'rgpd_art17_1d',
  'rgpd_art17_1e',
  'rgpd_art17_1f',
  'archives_disposal',
] as const;

export type ErasureLegalBasis = (typeof ERASURE_LEGAL_BASES)[number];
