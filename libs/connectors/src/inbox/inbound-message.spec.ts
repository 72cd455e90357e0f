import type { Message } from '@maillage/messaging';
import { readInboundMessage } from './inbound-message';

const message = (value: string | null, headers: Record<string, string> = {}): Message => ({
  topic: 'maillage.in.gien-grc.v1',
  key: 'GIEN-1',
  headers: { maillage_kind: 'filing', ce_id: 'gien-1', ...headers },
  value: value === null ? null : Buffer.from(value, 'utf8'),
  partition: 0,
  offset: '3',
});

describe('readInboundMessage (a tool message from its in-topic)', () => {
  it('reads the kind, the reference and the JSON payload', () => {
    expect(
      readInboundMessage(message('{"objet":"Nid-de-poule"}', { maillage_reference: 'R-1' })),
    ).toEqual({ kind: 'filing', reference: 'R-1', payload: { objet: 'Nid-de-poule' } });
  });

  it.each([
    ['no kind header', message('{}', { maillage_kind: 'other' }), 'header maillage_kind'],
    ['no value', message(null), 'value'],
    ['a value that is not JSON', message('{"objet":'), 'value'],
    ['a NUL character in a text', message('{"objet":"trou \\u0000"}'), '/objet'],
    ['a lone surrogate in a text', message('{"lieu":{"adresse":"rue \\ud83d"}}'), '/lieu/adresse'],
  ])('refuses %s as CONNECTOR.PAYLOAD_INVALID naming the field', (_, input, field) => {
    expect(() => readInboundMessage(input)).toThrow(
      expect.objectContaining({ code: 'CONNECTOR.PAYLOAD_INVALID', field }) as Error,
    );
  });
});
