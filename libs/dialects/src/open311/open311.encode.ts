import type { CanonicalStatus, PersonalData, RequestFiled } from '@maillage/domain';
import type { CanonicalEventView, EncodeContext, NativeMessage } from '../dialect';
import { eventData, eventInstant, personalData } from '../encoding/event-views';
import { formatIsoWithOffset } from '../time/time-formatters';
import { OPEN311_VOCABULARY } from './open311.vocabulary';

/** The attribute that carries the hub id to an Open311 server (GeoReport's extension point). */
export const OPEN311_HUB_ID_ATTRIBUTE = 'maillage_request_id';

interface Change {
  readonly status: CanonicalStatus;
  readonly closed: boolean;
  readonly note: string | null;
  readonly agency: string | null;
}

/**
 * A canonical event for an Open311 tool. A target's Open311 server gets a filed request as the
 * arguments of `POST requests` (`post_service_request`, the citizen's contact included, the hub
 * id in `attribute[maillage_request_id]`); every other status-bearing event is the request's
 * state as a service request (`service_request`), with only the fields the event tells about.
 * Comments have no place in GeoReport v2: null.
 */
export function encodeOpen311Event(
  event: CanonicalEventView,
  context: EncodeContext,
): NativeMessage | null {
  const typed = eventData(event);
  if (typed === null) return null;
  if (typed.type === 'RequestFiled') {
    if (context.role === 'target') {
      return { kind: 'post_service_request', body: postArguments(typed.data, personalData(event)) };
    }
    return serviceRequest(
      event,
      context,
      typed.data.category,
      {
        status: 'received',
        closed: false,
        note: null,
        agency: null,
      },
      {
        description: typed.data.description,
        requested_datetime: typed.data.filedAt,
        ...(typed.data.location.address === undefined
          ? {}
          : { address: typed.data.location.address }),
        ...(typed.data.location.coordinates === undefined
          ? {}
          : {
              lat: typed.data.location.coordinates.lat,
              long: typed.data.location.coordinates.lon,
            }),
      },
    );
  }
  const change = changeOf(typed);
  if (change === null) return null;
  return serviceRequest(event, context, context.category, change, {});
}

function changeOf(typed: NonNullable<ReturnType<typeof eventData>>): Change | null {
  switch (typed.type) {
    case 'RequestRouted':
      return { status: 'routed', closed: false, note: null, agency: typed.data.targets.join(', ') };
    case 'RequestAcknowledged':
      return { status: 'acknowledged', closed: false, note: null, agency: typed.data.authority };
    case 'StatusChanged':
      return {
        status: typed.data.to,
        closed: false,
        note: typed.data.note,
        agency: typed.data.authority,
      };
    case 'RequestTransferred':
      return {
        status: 'routed',
        closed: false,
        note: typed.data.reason,
        agency: typed.data.to.join(', '),
      };
    case 'RequestClosed':
      return {
        status: typed.data.outcome,
        closed: true,
        note: typed.data.note,
        agency: typed.data.authority,
      };
    case 'RequestReopened':
      return {
        status: 'in_progress',
        closed: false,
        note: typed.data.reason,
        agency: typed.data.authority,
      };
    case 'PersonalDataErased':
      // GeoReport v2 has no message to erase a requester's data: the hub sends nothing, and
      // the README tells the Open311 server's operator to act on the erasure out of band.
      return null;
    default:
      return null;
  }
}

function serviceRequest(
  event: CanonicalEventView,
  context: EncodeContext,
  category: string | null,
  change: Change,
  details: Record<string, unknown>,
): NativeMessage {
  const service = category === null ? undefined : OPEN311_VOCABULARY.serviceFor(category);
  return {
    kind: 'service_request',
    body: {
      service_request_id: event.data['requestId'],
      status: change.closed ? 'closed' : 'open',
      status_notes: change.note ?? OPEN311_VOCABULARY.statusNote(change.status),
      ...(category === null ? {} : { service_code: service?.code ?? category }),
      ...(service === undefined ? {} : { service_name: service.name }),
      ...(change.agency === null ? {} : { agency_responsible: change.agency }),
      ...details,
      updated_datetime: formatIsoWithOffset(eventInstant(event), context.timeZone),
    },
  };
}

/** The arguments the hub would POST to the target's Open311 server (`api_key` is the transport's). */
function postArguments(
  data: RequestFiled['data'],
  citizen: PersonalData | null,
): Record<string, unknown> {
  const { location } = data;
  const service = OPEN311_VOCABULARY.serviceFor(data.category);
  const media = data.attachments[0];
  return {
    jurisdiction_id: location.inseeCode,
    service_code: service?.code ?? data.category,
    description: data.description,
    ...(location.coordinates === undefined
      ? {}
      : { lat: location.coordinates.lat, long: location.coordinates.lon }),
    ...(location.address === undefined ? {} : { address_string: location.address }),
    ...(citizen?.email === undefined ? {} : { email: citizen.email }),
    // The hub keeps one name: it goes whole in last_name rather than being split by guess.
    ...(citizen?.name === undefined ? {} : { last_name: citizen.name }),
    ...(citizen?.phone === undefined ? {} : { phone: citizen.phone }),
    ...(media === undefined ? {} : { media_url: media.url }),
    attribute: { [OPEN311_HUB_ID_ATTRIBUTE]: data.requestId },
  };
}
