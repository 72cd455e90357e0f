/**
 * A status exactly as the source tool names it (e.g. `{ code: 'EN_COURS', label: 'Intervention
 * programmée' }`), kept on every status change so that a tool's vocabulary survives translation.
 */
export interface RawStatus {
  readonly code: string;
  readonly label: string;
}
