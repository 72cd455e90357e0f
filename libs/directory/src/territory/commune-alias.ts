/**
 * A code that is not a current commune but unambiguously stands for one: a municipal
 * arrondissement of Paris, Lyon or Marseille (addresses geocoded by the BAN carry them), a commune
 * déléguée or associée, or a former code of a merged commune that tools may still send.
 */
export interface CommuneAlias {
  readonly code: string;
  /** Null for former codes the data names nowhere else. */
  readonly name: string | null;
  readonly kind:
    'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee' | 'former-code';
  /** INSEE code of the current commune it belongs to. */
  readonly communeInseeCode: string;
}
