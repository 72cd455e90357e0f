import type { ServiceRequestEvent } from '../events/service-request-event';
import { evolve } from './evolve';
import { initialState } from './initial-state';
import type { ServiceRequestState } from './service-request-state';

/** The state of a request after its whole history, oldest event first. */
export function foldEvents(events: readonly ServiceRequestEvent[]): ServiceRequestState {
  return events.reduce(evolve, initialState());
}
