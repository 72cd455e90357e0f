import type { DecodedFiling, DecodedUpdate, DialectContext } from '../dialect';
import { inboundStatus } from '../encoding/inbound-status';
import { formatIsoWithOffset } from '../time/time-formatters';
import { EPCI_VOCABULARY, epciStatusNumber } from './epci.vocabulary';

/** A canonical filing as the `ticket.created` message an EPCI's tool would send. */
export function encodeEpciFiling(
  filing: DecodedFiling,
  context: DialectContext,
): Record<string, unknown> {
  const { location, citizen } = filing;
  // The tool always stamps its tickets and messages: one without a time is stamped now.
  const createdAt = filing.filedAt === null ? Date.now() : Date.parse(filing.filedAt.utc);
  return {
    message_type: 'ticket.created',
    ticket: {
      id: filing.externalId,
      created_at: formatIsoWithOffset(createdAt, context.timeZone),
      channel: EPCI_VOCABULARY.channelFor(filing.channel).code,
      category_code: EPCI_VOCABULARY.categoryFor(filing.category)?.code ?? filing.category,
      description: filing.description,
      site: {
        insee_code: location.inseeCode,
        ...(location.address === undefined ? {} : { street_address: location.address }),
        ...(location.coordinates === undefined
          ? {}
          : { geo: { lat: location.coordinates.lat, lng: location.coordinates.lon } }),
      },
      ...(citizen === null
        ? {}
        : {
            reporter: {
              ...(citizen.name === undefined ? {} : { full_name: citizen.name }),
              ...(citizen.email === undefined ? {} : { email: citizen.email }),
              ...(citizen.phone === undefined ? {} : { phone: citizen.phone }),
              ...(citizen.address === undefined ? {} : { postal_address: citizen.address }),
            },
          }),
      ...(filing.attachments.length === 0
        ? {}
        : {
            attachments: filing.attachments.map((attachment) => ({
              href: attachment.url,
              ...(attachment.mediaType === undefined ? {} : { content_type: attachment.mediaType }),
              ...(attachment.name === undefined ? {} : { filename: attachment.name }),
            })),
          }),
    },
  };
}

/** A canonical update as the message an EPCI's tool would send. */
export function encodeEpciUpdate(
  update: DecodedUpdate,
  context: DialectContext,
): Record<string, unknown> {
  const reference =
    update.request.kind === 'hub'
      ? { hub_id: update.request.requestId }
      : { ticket_id: update.request.externalId };
  const occurredAt = formatIsoWithOffset(
    update.occurredAt === null ? Date.now() : Date.parse(update.occurredAt.utc),
    context.timeZone,
  );
  switch (update.kind) {
    case 'acknowledge':
      return {
        message_type: 'ticket.accepted',
        ...reference,
        ticket_id: update.externalReference,
        occurred_at: occurredAt,
      };
    case 'status':
    case 'close':
      return {
        message_type: 'ticket.status_changed',
        ...reference,
        occurred_at: occurredAt,
        status: epciStatusNumber(inboundStatus(EPCI_VOCABULARY, update).code),
        ...(update.note === null ? {} : { status_note: update.note }),
      };
    case 'comment':
      return {
        message_type: 'ticket.commented',
        ...reference,
        occurred_at: occurredAt,
        comment: {
          body: update.text,
          ...(update.visibility === 'internal' ? { private: true } : {}),
        },
      };
    case 'reopen':
      return {
        message_type: 'ticket.reopened',
        ...reference,
        occurred_at: occurredAt,
        reason: update.reason,
      };
    case 'transfer': {
      const [level, code] = update.to[0]!.split(':');
      return {
        message_type: 'ticket.declined',
        ...reference,
        occurred_at: occurredAt,
        reason: update.reason,
        competent_authority: { level, code },
      };
    }
  }
}
