import type { ServiceRequestState } from './service-request-state';

/** The state of a stream with no events. */
export function initialState(): ServiceRequestState {
  return { status: 'empty' };
}
