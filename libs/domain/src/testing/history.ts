import { decide } from '../commands/decide';
import type { ServiceRequestCommand } from '../commands/service-request-command';
import type { ServiceRequestEvent } from '../events/service-request-event';
import type { CanonicalStatus } from '../status/canonical-status';
import { evolve } from '../state/evolve';
import { initialState } from '../state/initial-state';
import { acknowledge, changeStatus, fileRequest, LOIRET } from './sample-commands';

/**
 * The events the decider records for these commands, run one after the other. Givens built this
 * way are histories the domain can really produce, not hand-written ones that might not be.
 */
export function historyOf(...commands: ServiceRequestCommand[]): ServiceRequestEvent[] {
  const events: ServiceRequestEvent[] = [];
  let state = initialState();
  for (const command of commands) {
    for (const event of decide(command, state)) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
}

/**
 * A real history that leaves the sample request open in `status`. `received` is only ever a
 * passing state (filing routes in the same decision), so its history is the filing alone.
 */
export function historyReaching(status: CanonicalStatus): ServiceRequestEvent[] {
  const filing = [fileRequest()];
  const acknowledging = [...filing, acknowledge(LOIRET, 'CD45-0042')];
  switch (status) {
    case 'received':
      return historyOf(...filing).slice(0, 1);
    case 'routed':
      return historyOf(...filing);
    case 'acknowledged':
      return historyOf(...acknowledging);
    default:
      return historyOf(...acknowledging, changeStatus(LOIRET, status));
  }
}
