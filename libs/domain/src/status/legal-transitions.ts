import type { CanonicalStatus } from './canonical-status';

/**
 * What a `StatusChanged` (the `ChangeStatus` command) may do, and nothing else: `from` → the
 * statuses it may move to. A change to the same status is never legal (it would record a fact
 * that is not one).
 *
 * The other moves of a request's status belong to their own events, which carry what those moves
 * need, and are not in this table on purpose:
 * - `received` → `routed`: `RequestRouted`, in the same decision that files the request, so no
 *   status change can ever happen in `received`;
 * - `routed` → `acknowledged`: `RequestAcknowledged`, which needs the target's external reference;
 * - any open status → `routed`: `RequestTransferred` + `RequestRouted`;
 * - any open status → a close outcome, closed: `RequestClosed`;
 * - closed → `in_progress`, open: `RequestReopened`.
 *
 * So `ChangeStatus` can never reach `received`, `routed` or `acknowledged`. `rejected` and
 * `closed_without_action` are dead ends for status changes: what follows them is closing (or
 * transferring, for a target that is not competent after all). `resolved` may go back to
 * `in_progress` because a citizen often reports that the fix did not hold.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<CanonicalStatus, readonly CanonicalStatus[]>> = {
  received: [],
  routed: ['in_progress', 'waiting_for_citizen', 'resolved', 'rejected', 'closed_without_action'],
  acknowledged: [
    'in_progress',
    'waiting_for_citizen',
    'resolved',
    'rejected',
    'closed_without_action',
  ],
  in_progress: ['waiting_for_citizen', 'resolved', 'rejected', 'closed_without_action'],
  waiting_for_citizen: ['in_progress', 'resolved', 'rejected', 'closed_without_action'],
  resolved: ['in_progress'],
  rejected: [],
  closed_without_action: [],
};

/**
 * True when a `StatusChanged` from `from` to `to` is legal (see `LEGAL_TRANSITIONS`). Safe on
 * unvalidated input: an unknown status is never legal.
 */
export function isLegalTransition(from: CanonicalStatus, to: CanonicalStatus): boolean {
  return Object.hasOwn(LEGAL_TRANSITIONS, from) && LEGAL_TRANSITIONS[from].includes(to);
}
