import type { CanonicalStatus, PersonalData, RequestFiled } from '@maillage/domain';
import type { CanonicalEventView, EncodeContext, NativeMessage } from '../dialect';
import { eventData, eventInstant, personalData } from '../encoding/event-views';
import { nativeStatus, type NativeStatus } from '../encoding/native-status';
import { formatIsoWithOffset } from '../time/time-formatters';
import { EPCI_VOCABULARY, epciStatusNumber } from './epci.vocabulary';

const DIALECT = 'epci-v1';

function status(native: NativeStatus): { code: number; label: string } {
  return { code: epciStatusNumber(native.code), label: native.label };
}

function vocabularyStatus(canonical: CanonicalStatus): { code: number; label: string } {
  return status(EPCI_VOCABULARY.statusFor(canonical));
}

/**
 * A canonical event as the EPCI's ticketing tool receives it (`message_type` names the message).
 * Every message carries the hub id (`hub_id`) and, when known, the tool's ticket id.
 */
export function encodeEpciEvent(
  event: CanonicalEventView,
  context: EncodeContext,
): NativeMessage | null {
  const typed = eventData(event);
  if (typed === null) return null;
  const message = (kind: string, body: Record<string, unknown>): NativeMessage => ({
    kind,
    body: {
      message_type: kind,
      hub_id: typed.data.requestId,
      ticket_id: context.externalId,
      occurred_at: formatIsoWithOffset(eventInstant(event), context.timeZone),
      ...body,
    },
  });

  switch (typed.type) {
    case 'RequestFiled':
      if (context.role === 'origin') {
        return message('ticket.registered', {
          ticket_id: context.externalId ?? typed.data.source.externalId,
          status: vocabularyStatus('received'),
        });
      }
      return message('ticket.assigned', assignedTicket(typed.data, personalData(event), context));
    case 'RequestRouted':
      return message('ticket.routed', {
        assignees: [...typed.data.targets],
        routing_reason: typed.data.reason,
        status: vocabularyStatus('routed'),
      });
    case 'RequestAcknowledged':
      return message('ticket.accepted', {
        by: typed.data.authority,
        reference: typed.data.externalReference,
        status: vocabularyStatus('acknowledged'),
      });
    case 'StatusChanged':
      return message('ticket.status_changed', {
        by: typed.data.authority,
        status: status(
          nativeStatus(EPCI_VOCABULARY, DIALECT, typed.data.to, false, typed.data.raw, context),
        ),
        status_note: typed.data.note,
      });
    case 'CommentAdded':
      // Internal comments are for agents of the authority that wrote them: never forwarded.
      if (typed.data.visibility !== 'public') return null;
      return message('ticket.commented', {
        by: typed.data.authority,
        comment: { body: typed.data.text },
      });
    case 'RequestTransferred':
      return message('ticket.transferred', {
        by: typed.data.from,
        to: [...typed.data.to],
        reason: typed.data.reason,
      });
    case 'RequestClosed':
      return message('ticket.closed', {
        by: typed.data.authority,
        status: status(
          nativeStatus(EPCI_VOCABULARY, DIALECT, typed.data.outcome, true, typed.data.raw, context),
        ),
        status_note: typed.data.note,
      });
    case 'RequestReopened':
      return message('ticket.reopened', {
        by: typed.data.authority,
        reason: typed.data.reason,
        status: vocabularyStatus('in_progress'),
      });
    case 'PersonalDataErased':
      // The tool erases the reporter's data on its side; the message itself holds none.
      return message('ticket.reporter_erased', {
        erasure_id: typed.data.erasureId,
        legal_basis: typed.data.legalBasis,
        requested_by: typed.data.requester,
      });
  }
}

/** Everything a target needs to handle the request, the reporter's contact included. */
function assignedTicket(
  data: RequestFiled['data'],
  citizen: PersonalData | null,
  context: EncodeContext,
): Record<string, unknown> {
  const { location } = data;
  return {
    origin: { authority: data.source.authority, reference: data.source.externalId },
    ticket: {
      created_at: formatIsoWithOffset(Date.parse(data.filedAt), context.timeZone),
      channel: EPCI_VOCABULARY.channelFor(data.channel).code,
      category_code: EPCI_VOCABULARY.categoryFor(data.category)?.code ?? null,
      hub_category: data.category,
      description: data.description,
      site: {
        insee_code: location.inseeCode,
        ...(location.address === undefined ? {} : { street_address: location.address }),
        ...(location.coordinates === undefined
          ? {}
          : { geo: { lat: location.coordinates.lat, lng: location.coordinates.lon } }),
      },
      reporter:
        citizen === null
          ? null
          : {
              ...(citizen.name === undefined ? {} : { full_name: citizen.name }),
              ...(citizen.email === undefined ? {} : { email: citizen.email }),
              ...(citizen.phone === undefined ? {} : { phone: citizen.phone }),
              ...(citizen.address === undefined ? {} : { postal_address: citizen.address }),
            },
      attachments: data.attachments.map((attachment) => ({
        href: attachment.url,
        ...(attachment.mediaType === undefined ? {} : { content_type: attachment.mediaType }),
        ...(attachment.name === undefined ? {} : { filename: attachment.name }),
      })),
    },
    status: vocabularyStatus('routed'),
  };
}
