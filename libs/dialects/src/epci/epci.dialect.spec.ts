import { join } from 'node:path';
import { issuesOf, valueOf, withChanges } from '../testing/dialect-expectations';
import { CONTEXTS, encodeContext, HUB_ID } from '../testing/sample-contexts';
import {
  INTERNAL_COMMENT,
  REQUEST_CLOSED,
  REQUEST_FILED,
  STATUS_CHANGED,
} from '../testing/sample-events';
import { readJson, SCHEMAS_DIR } from '../testing/schema-validator';
import { epciV1 } from './epci.dialect';

const example = (name: string) => readJson(join(SCHEMAS_DIR, 'epci-v1', 'examples', name));
const context = CONTEXTS['epci-v1'];
const created = example('filing-ticket-created.json') as { ticket: Record<string, unknown> };
const withTicket = (changes: Record<string, unknown>) => ({
  message_type: 'ticket.created',
  ticket: withChanges(created.ticket, changes),
});

describe('epci-v1 filings', () => {
  it('decodes a ticket.created message into the canonical filing', () => {
    expect(valueOf(epciV1.decodeFiling(created, context))).toEqual({
      externalId: 'CCG-2026-000123',
      channel: 'web',
      category: 'waste.collection',
      description: 'Bac jaune non collecté rue des Tanneurs depuis deux semaines.',
      location: {
        inseeCode: '45155',
        address: 'Rue des Tanneurs, 45500 Gien',
        coordinates: { lat: 47.6853, lon: 2.6322 },
      },
      attachments: [
        {
          url: 'https://tickets.giennoises.fr/files/8841.png',
          mediaType: 'image/png',
          name: 'bac.png',
        },
      ],
      citizen: {
        name: 'Dominique Petit',
        email: 'd.petit@example.org',
        phone: '+33 6 98 76 54 32',
        address: '4 rue des Tanneurs, 45500 Gien',
      },
      filedAt: { utc: '2026-11-29T08:15:00Z', raw: '2026-11-29T09:15:00+01:00' },
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      'another message type',
      { ...created, message_type: 'ticket.updated' },
      '/message_type',
      'DIALECT.FORMAT',
    ],
    [
      'a ticket id of another shape',
      withTicket({ id: 'GIEN-2026-0042' }),
      '/ticket/id',
      'DIALECT.FORMAT',
    ],
    [
      'a time without an offset',
      withTicket({ created_at: '2026-11-29T09:15:00' }),
      '/ticket/created_at',
      'DIALECT.FORMAT',
    ],
    [
      'a missing time',
      withTicket({ created_at: undefined }),
      '/ticket/created_at',
      'DIALECT.REQUIRED',
    ],
    [
      'a commune category code',
      withTicket({ category_code: 'DECHETS' }),
      '/ticket/category_code',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'an upper-case channel',
      withTicket({ channel: 'WEB' }),
      '/ticket/channel',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'a site without a commune, for an EPCI',
      withTicket({ site: { street_address: 'Gien' } }),
      '/ticket/site/insee_code',
      'DIALECT.REQUIRED',
    ],
    [
      'lon instead of lng',
      withTicket({ site: { insee_code: '45155', geo: { lat: 47, lon: 2 } } }),
      '/ticket/site/geo/lon',
      'DIALECT.UNKNOWN_FIELD',
    ],
    [
      'a field at the wrong level',
      { ...created, id: 'CCG-2026-000123' },
      '/id',
      'DIALECT.UNKNOWN_FIELD',
    ],
  ])('refuses %s, naming the field', (_case, payload, pointer, code) => {
    expect(issuesOf(epciV1.decodeFiling(payload, context))).toContainEqual(
      expect.objectContaining({ pointer, code }),
    );
  });
});

describe('epci-v1 updates', () => {
  it('reads integer status codes, aliases included, with their vocabulary label', () => {
    expect(
      valueOf(epciV1.decodeUpdate(example('update-ticket-status-changed.json'), context)),
    ).toEqual({
      kind: 'status',
      request: { kind: 'external', externalId: 'CCG-2026-000123' },
      occurredAt: { utc: '2026-11-30T13:00:00Z', raw: '2026-11-30T14:00:00+01:00' },
      to: 'in_progress',
      raw: { code: '25', label: 'Scheduled' },
      note: 'Passage prévu jeudi.',
    });
    expect(
      valueOf(epciV1.decodeUpdate(example('update-ticket-solved.json'), context)),
    ).toMatchObject({
      kind: 'close',
      outcome: 'resolved',
      raw: { code: '40', label: 'Solved' },
      note: null,
    });
  });

  it('reads a private comment as internal', () => {
    expect(
      valueOf(epciV1.decodeUpdate(example('update-ticket-commented.json'), context)),
    ).toMatchObject({
      kind: 'comment',
      visibility: 'internal',
      text: 'Le prestataire a été relancé.',
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      'a status as a string',
      {
        message_type: 'ticket.status_changed',
        hub_id: HUB_ID,
        occurred_at: '2026-11-30T14:00:00Z',
        status: '20',
      },
      '/status',
      'DIALECT.TYPE',
    ],
    [
      'a status as a fraction',
      {
        message_type: 'ticket.status_changed',
        hub_id: HUB_ID,
        occurred_at: '2026-11-30T14:00:00Z',
        status: 20.5,
      },
      '/status',
      'DIALECT.TYPE',
    ],
    [
      'the New status',
      {
        message_type: 'ticket.status_changed',
        hub_id: HUB_ID,
        occurred_at: '2026-11-30T14:00:00Z',
        status: 10,
      },
      '/status',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'no time',
      { message_type: 'ticket.reopened', hub_id: HUB_ID, reason: 'x' },
      '/occurred_at',
      'DIALECT.REQUIRED',
    ],
    [
      'an acceptance without the ticket id',
      { message_type: 'ticket.accepted', hub_id: HUB_ID, occurred_at: '2026-11-30T14:00:00Z' },
      '/ticket_id',
      'DIALECT.REQUIRED',
    ],
    [
      'a comment without a body',
      {
        message_type: 'ticket.commented',
        hub_id: HUB_ID,
        occurred_at: '2026-11-30T14:00:00Z',
        comment: { private: false },
      },
      '/comment/body',
      'DIALECT.REQUIRED',
    ],
  ])('refuses %s, naming the field', (_case, payload, pointer, code) => {
    expect(issuesOf(epciV1.decodeUpdate(payload, context))).toContainEqual(
      expect.objectContaining({ pointer, code }),
    );
  });
});

describe('epci-v1 messages to the tool', () => {
  it('gives a target the ticket with its reporter, times with the local offset', () => {
    expect(epciV1.encode(REQUEST_FILED, encodeContext('epci-v1', 'target'))).toMatchObject({
      kind: 'ticket.assigned',
      body: {
        hub_id: HUB_ID,
        ticket_id: null,
        occurred_at: '2026-11-29T09:15:00+01:00',
        origin: { authority: 'commune:45155', reference: 'GIEN-2026-000123' },
        ticket: {
          category_code: 'VOIR-RD',
          channel: 'front_desk',
          reporter: { full_name: 'Camille Martin', email: 'camille.martin@example.org' },
        },
        status: { code: 10, label: 'New' },
      },
    });
  });

  it('sends integer statuses, and nothing for internal comments', () => {
    const context = encodeContext('epci-v1', 'target', 'CCG-2026-000456');
    expect(epciV1.encode(STATUS_CHANGED, context)?.body).toMatchObject({
      status: { code: 30, label: 'Waiting for reporter' },
    });
    expect(epciV1.encode(REQUEST_CLOSED, context)?.body).toMatchObject({
      status: { code: 40 },
      ticket_id: 'CCG-2026-000456',
    });
    expect(epciV1.encode(INTERNAL_COMMENT, context)).toBeNull();
  });

  it("echoes the tool's own alias status when the change came from it", () => {
    const scheduled = {
      ...STATUS_CHANGED,
      data: { ...STATUS_CHANGED.data, to: 'in_progress', raw: { code: '25', label: 'Scheduled' } },
    };
    expect(
      epciV1.encode(scheduled, { ...encodeContext('epci-v1', 'target'), eventDialect: 'epci-v1' })
        ?.body,
    ).toMatchObject({
      status: { code: 25, label: 'Scheduled' },
    });
    expect(
      epciV1.encode(scheduled, {
        ...encodeContext('epci-v1', 'target'),
        eventDialect: 'departement-v1',
      })?.body,
    ).toMatchObject({
      status: { code: 20, label: 'Assigned' },
    });
  });
});
