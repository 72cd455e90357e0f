import type { ServiceRequestEvent } from '../events/service-request-event';
import type { ServiceRequestState } from './service-request-state';

/**
 * Applies one recorded event. Total and pure: it never throws and never checks rules (the events
 * are facts; the rules were checked by `decide` when they were recorded). An event that cannot
 * apply (anything but `RequestFiled` on an empty state) or an unknown type (a newer version not
 * upcast yet) leaves the state unchanged.
 */
export function evolve(
  state: ServiceRequestState,
  event: ServiceRequestEvent,
): ServiceRequestState {
  if (event.type === 'RequestFiled') {
    const { requestId, source, category } = event.data;
    return {
      status: 'received',
      lifecycle: 'open',
      requestId,
      origin: source.authority,
      source: {
        authority: source.authority,
        connector: source.connector,
        externalId: source.externalId,
      },
      category,
      targets: [],
      acknowledgements: {},
    };
  }
  if (state.status === 'empty') return state;
  switch (event.type) {
    case 'RequestRouted':
      return { ...state, status: 'routed', targets: [...event.data.targets] };
    case 'RequestAcknowledged': {
      const { authority, externalReference } = event.data;
      return {
        ...state,
        status: state.status === 'routed' ? 'acknowledged' : state.status,
        acknowledgements: { ...state.acknowledgements, [authority]: externalReference },
      };
    }
    case 'StatusChanged':
      return { ...state, status: event.data.to };
    case 'CommentAdded':
      return state;
    case 'RequestTransferred': {
      // The transferring authority leaves at once (the RequestRouted that follows lists who
      // stays), and with it its acknowledgement: only current targets' references count.
      const { from } = event.data;
      const acknowledgements = Object.fromEntries(
        Object.entries(state.acknowledgements).filter(([authority]) => authority !== from),
      );
      return {
        ...state,
        targets: state.targets.filter((target) => target !== from),
        acknowledgements,
      };
    }
    case 'RequestClosed':
      return { ...state, status: event.data.outcome, lifecycle: 'closed' };
    case 'RequestReopened':
      return { ...state, status: 'in_progress', lifecycle: 'open' };
    case 'PersonalDataErased':
      // Status and lifecycle unchanged: the request goes on, without its citizen's data.
      return {
        ...state,
        erasedSubjects: [...(state.erasedSubjects ?? []), event.data.subjectId],
      };
    default:
      return state;
  }
}
