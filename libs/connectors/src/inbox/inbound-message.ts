import { unstorableTextPointer } from '@maillage/event-store';
import type { Message } from '@maillage/messaging';
import { ConnectorsError } from '../connectors.error';

/** Headers a tool sets on what it sends to `maillage.in.<connector>.v1`. */
export const INBOUND_HEADERS = {
  /** `filing` (a new request) or `update` (a change to one). Required. */
  kind: 'maillage_kind',
  /** For an update: the tool's id of the request or the hub id (else the payload's). */
  reference: 'maillage_reference',
  /** The message's own id: duplicates are dropped by it, and it is the command's idempotency key. */
  id: 'ce_id',
} as const;

export interface InboundMessage {
  readonly kind: 'filing' | 'update';
  readonly reference: string | null;
  readonly payload: unknown;
}

/** Reads an inbound message; a malformed one is a non-retriable `CONNECTOR.PAYLOAD_INVALID`. */
export function readInboundMessage(message: Message): InboundMessage {
  const kind = message.headers[INBOUND_HEADERS.kind];
  if (kind !== 'filing' && kind !== 'update') {
    throw invalid(`header ${INBOUND_HEADERS.kind}`, 'filing or update');
  }
  if (message.value === null) throw invalid('value', "a JSON document in the connector's dialect");
  let payload: unknown;
  try {
    payload = JSON.parse(message.value.toString('utf8'));
  } catch {
    throw invalid('value', "a JSON document in the connector's dialect");
  }
  const unstorable = unstorableTextPointer(payload);
  if (unstorable !== null) {
    throw invalid(unstorable || 'value', 'text without NUL characters or lone UTF-16 surrogates');
  }
  const reference = message.headers[INBOUND_HEADERS.reference];
  return { kind, reference: reference ? reference : null, payload };
}

/**
 * Id a message is deduplicated by: its `ce_id`, else its position (a redelivery of the same
 * record is then still recognised; a tool that sends twice should set `ce_id`).
 */
export function inboundMessageId(message: Message): string {
  return (
    message.headers[INBOUND_HEADERS.id] ||
    `${message.topic}/${message.partition ?? 0}/${message.offset ?? ''}`
  );
}

function invalid(field: string, expected: string): ConnectorsError {
  return new ConnectorsError('CONNECTOR.PAYLOAD_INVALID', `${field}: expected ${expected}`, field, [
    { pointer: field === 'value' ? '' : field, expected, code: 'INBOUND.INVALID' },
  ]);
}
