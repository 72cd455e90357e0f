import { evolve, initialState, type ServiceRequestState } from '@maillage/domain';
import type { RecordedEvent } from '@maillage/event-store';
import { toDomainEvent } from '../persistence/service-request.repository';

/**
 * Whether `authority` took part in the request at some point of its history: where it was filed,
 * or one of the authorities it was routed to (also one it was transferred away from since). What
 * an authority may read; what it may still change is the domain's business.
 */
export function everInvolved(history: readonly RecordedEvent[], authority: string): boolean {
  let state: ServiceRequestState = initialState();
  for (const event of history) {
    state = evolve(state, toDomainEvent(event));
    if (
      state.status !== 'empty' &&
      (state.origin === authority || state.targets.includes(authority))
    ) {
      return true;
    }
  }
  return false;
}
