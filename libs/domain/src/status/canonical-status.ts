/**
 * The hub's small, shared status vocabulary. Every tool's own statuses are translated into one of
 * these, and the tool's raw code and label travel alongside (see `RawStatus`), so nothing is lost.
 */
export const CANONICAL_STATUSES = [
  'received',
  'routed',
  'acknowledged',
  'in_progress',
  'waiting_for_citizen',
  'resolved',
  'rejected',
  'closed_without_action',
] as const;

export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];
