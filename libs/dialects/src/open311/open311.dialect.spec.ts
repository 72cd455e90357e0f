import { join } from 'node:path';
import { CANONICAL_CATEGORIES } from '../vocabulary/canonical-categories';
import { issuesOf, valueOf, withChanges } from '../testing/dialect-expectations';
import { CONTEXTS, encodeContext, HUB_ID } from '../testing/sample-contexts';
import {
  PUBLIC_COMMENT,
  REQUEST_CLOSED,
  REQUEST_FILED,
  REQUEST_ROUTED,
  STATUS_CHANGED,
} from '../testing/sample-events';
import { readJson, SCHEMAS_DIR, schemaErrors, schemaValidator } from '../testing/schema-validator';
import { open311Errors, open311RequestCreated } from './open311-errors';
import { renderOpen311ServiceRequest, type Open311RequestView } from './open311-service-request';
import { open311Services } from './open311-services';
import { open311V2 } from './open311.dialect';

const example = (name: string) => readJson(join(SCHEMAS_DIR, 'open311-v2', 'examples', name));
const context = CONTEXTS['open311-v2'];
const json = example('filing-post-request.json');
const form = example('filing-post-request-form.json');

describe('open311-v2 POST requests', () => {
  it('decodes JSON arguments; the jurisdiction is the commune, a device id means a mobile app', () => {
    const decoded = valueOf(open311V2.decodeFiling(json, context));
    expect(decoded).toEqual({
      externalId: expect.stringMatching(/^O311-[0-9a-f]{32}$/) as string,
      channel: 'mobile_app',
      category: 'public_lighting',
      description: "Lampadaire clignotant devant l'école Jean Moulin.",
      location: {
        inseeCode: '45155',
        address: 'Rue Jean Moulin, 45500 Gien',
        coordinates: { lat: 47.6881, lon: 2.6254 },
      },
      attachments: [{ url: 'https://media.example.org/uploads/lampadaire.jpg' }],
      citizen: { name: 'Sam Durand', email: 'sam.durand@example.org', phone: '0611223344' },
      filedAt: null,
    });
  });

  it('decodes form arguments: numbers as strings, blank fields absent, attribute[x] keys', () => {
    expect(valueOf(open311V2.decodeFiling(form, context))).toMatchObject({
      channel: 'web',
      category: 'roads.municipal',
      location: { inseeCode: '45155', coordinates: { lat: 47.6848, lon: 2.6301 } },
      citizen: { name: 'Moreau' },
      attachments: [],
    });
  });

  it("derives the request's id from what was reported, never from who reported it", () => {
    const id = (payload: unknown) => valueOf(open311V2.decodeFiling(payload, context)).externalId;
    expect(id(json)).toBe(id(structuredClone(json)));
    expect(
      id(withChanges(json, { email: 'autre@example.org', first_name: 'Alex', device_id: 'x' })),
    ).toBe(id(json));
    expect(id(withChanges(json, { description: 'Lampadaire éteint.' }))).not.toBe(id(json));
    expect(id(withChanges(json, { attribute: { LAMP_ID: 'GIEN-EP-0413' } }))).not.toBe(id(json));
  });

  it('takes the connector commune when no jurisdiction is given, and only an INSEE code otherwise', () => {
    const withoutJurisdiction = withChanges(json, { jurisdiction_id: undefined });
    expect(valueOf(open311V2.decodeFiling(withoutJurisdiction, context)).location.inseeCode).toBe(
      '45155',
    );
    expect(
      issuesOf(open311V2.decodeFiling(withoutJurisdiction, { ...context, defaultInseeCode: null })),
    ).toEqual([expect.objectContaining({ pointer: '/jurisdiction_id', code: 'DIALECT.REQUIRED' })]);
    expect(
      issuesOf(open311V2.decodeFiling(withChanges(json, { jurisdiction_id: 'gien.fr' }), context)),
    ).toEqual([expect.objectContaining({ pointer: '/jurisdiction_id', code: 'DIALECT.FORMAT' })]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown service', { service_code: 'graffiti' }, '/service_code', 'DIALECT.UNKNOWN_VALUE'],
    [
      'no description (the hub needs one)',
      { description: undefined },
      '/description',
      'DIALECT.REQUIRED',
    ],
    [
      'a description over 4,000 characters',
      { description: 'x'.repeat(4001) },
      '/description',
      'DIALECT.TOO_LONG',
    ],
    ['a latitude alone', { long: undefined }, '/long', 'DIALECT.CONFLICT'],
    ['a latitude in exponent notation', { lat: '4.7e1' }, '/lat', 'DIALECT.TYPE'],
    [
      'no location at all',
      { lat: undefined, long: undefined, address_string: undefined },
      '',
      'DIALECT.REQUIRED',
    ],
    [
      'a field GeoReport does not define',
      { title: 'Lampadaire' },
      '/title',
      'DIALECT.UNKNOWN_FIELD',
    ],
    [
      'repeated e-mail fields',
      { email: ['a@example.org', 'b@example.org'] },
      '/email',
      'DIALECT.TYPE',
    ],
    [
      'a non-http media URL',
      { media_url: 'ftp://media.example.org/a.jpg' },
      '/media_url',
      'DIALECT.FORMAT',
    ],
    [
      'names too long together',
      { first_name: 'x'.repeat(150), last_name: 'y'.repeat(60) },
      '/last_name',
      'DIALECT.TOO_LONG',
    ],
    [
      'an attribute that is an object',
      { attribute: { LAMP_ID: { id: 1 } } },
      '/attribute/LAMP_ID',
      'DIALECT.TYPE',
    ],
  ])('refuses %s, naming the argument', (_case, changes, pointer, code) => {
    expect(issuesOf(open311V2.decodeFiling(withChanges(json, changes), context))).toContainEqual(
      expect.objectContaining({ pointer, code }),
    );
  });

  it('has no update message: following is GET requests/{id}', () => {
    expect(
      issuesOf(open311V2.decodeUpdate({ service_request_id: HUB_ID, status: 'closed' }, context)),
    ).toEqual([expect.objectContaining({ pointer: '', code: 'DIALECT.UNSUPPORTED' })]);
    expect(
      open311V2.encodeUpdate(
        {
          kind: 'reopen',
          request: { kind: 'hub', requestId: HUB_ID },
          occurredAt: null,
          reason: 'x',
        },
        context,
      ),
    ).toBeNull();
  });
});

describe('open311-v2 helpers for the HTTP layer', () => {
  it('lists one service per hub category, as GET services.json', () => {
    const services = open311Services();
    expect(services).toHaveLength(CANONICAL_CATEGORIES.size);
    expect(services).toContainEqual({
      service_code: 'public_lighting',
      service_name: 'Éclairage public',
      description: 'Éclairage public (Street lighting)',
      metadata: false,
      type: 'realtime',
      keywords: 'lampadaire,éclairage,panne',
      group: 'Voirie',
    });
    expect(schemaErrors(schemaValidator('open311-v2', 'services'), services)).toEqual([]);
  });

  it('turns issues into a GeoReport error list naming the arguments', () => {
    const issues = issuesOf(
      open311V2.decodeFiling(withChanges(json, { 'attribute[a/b]': 1, lat: 'north' }), context),
    );
    const errors = open311Errors(issues);
    expect(errors).toEqual([
      { code: 400, description: 'attribute[a/b]: expected an attribute value (a string)' },
      {
        code: 400,
        description: 'lat: expected a latitude in decimal degrees (a number or a decimal string)',
      },
    ]);
    expect(
      open311Errors([{ pointer: '', expected: 'x', code: 'DIALECT.UNSUPPORTED' }], 404),
    ).toEqual([{ code: 404, description: 'expected x' }]);
    expect(schemaErrors(schemaValidator('open311-v2', 'errors'), errors)).toEqual([]);
    expect(
      schemaErrors(schemaValidator('open311-v2', 'created'), open311RequestCreated(HUB_ID)),
    ).toEqual([]);
  });

  const view: Open311RequestView = {
    id: HUB_ID,
    category: 'roads.departmental',
    description: 'Nid-de-poule dangereux sur la RD 940',
    status: 'resolved',
    lifecycle: 'open',
    location: {
      inseeCode: '45155',
      address: 'RD 940, 45500 Gien',
      coordinates: { lat: 47.6877, lon: 2.6309 },
    },
    lastStatusNote: null,
    filedAt: '2026-11-29T09:15:00+01:00',
    updatedAt: '2026-12-04T16:00:00+01:00',
    agencyName: 'Département du Loiret',
  };

  it("renders a request's state: open until closed, a note for the status when it has none", () => {
    const rendered = renderOpen311ServiceRequest(view);
    expect(rendered).toEqual({
      service_request_id: HUB_ID,
      status: 'open',
      status_notes: 'Traitée',
      service_name: 'Route départementale',
      service_code: 'roads.departmental',
      description: 'Nid-de-poule dangereux sur la RD 940',
      agency_responsible: 'Département du Loiret',
      service_notice: null,
      requested_datetime: '2026-11-29T09:15:00+01:00',
      updated_datetime: '2026-12-04T16:00:00+01:00',
      expected_datetime: null,
      address: 'RD 940, 45500 Gien',
      address_id: null,
      zipcode: null,
      lat: 47.6877,
      long: 2.6309,
      media_url: null,
    });
    expect(
      renderOpen311ServiceRequest({
        ...view,
        lifecycle: 'closed',
        lastStatusNote: 'Chaussée reprise.',
      }),
    ).toMatchObject({
      status: 'closed',
      status_notes: 'Chaussée reprise.',
    });
    expect(schemaErrors(schemaValidator('open311-v2', 'serviceRequest'), rendered)).toEqual([]);
  });
});

describe('open311-v2 messages to tools', () => {
  it("POSTs a routed request to a target's Open311 server, the hub id as an attribute", () => {
    expect(open311V2.encode(REQUEST_FILED, encodeContext('open311-v2', 'target'))).toEqual({
      kind: 'post_service_request',
      body: {
        jurisdiction_id: '45155',
        service_code: 'roads.departmental',
        description: 'Nid-de-poule dangereux sur la RD 940, à la sortie de Gien vers Briare.',
        lat: 47.6877,
        long: 2.6309,
        address_string: 'RD 940, 45500 Gien',
        email: 'camille.martin@example.org',
        last_name: 'Camille Martin',
        phone: '06 12 34 56 78',
        media_url: 'https://grc.gien.fr/pieces/123/photo.jpg',
        attribute: { maillage_request_id: HUB_ID },
      },
    });
  });

  it('follows status-bearing events as service requests, and has nothing for comments', () => {
    const origin = encodeContext('open311-v2', 'origin');
    expect(open311V2.encode(REQUEST_ROUTED, origin)?.body).toMatchObject({
      status: 'open',
      agency_responsible: 'departement:45',
      status_notes: 'Transmise à la collectivité compétente',
    });
    expect(open311V2.encode(STATUS_CHANGED, origin)?.body).toMatchObject({
      status: 'open',
      status_notes: 'Merci de nous envoyer une photo du lieu.',
    });
    expect(open311V2.encode(REQUEST_CLOSED, origin)?.body).toMatchObject({
      service_request_id: HUB_ID,
      status: 'closed',
      service_code: 'roads.departmental',
      updated_datetime: '2026-12-04T16:00:00+01:00',
    });
    expect(open311V2.encode(PUBLIC_COMMENT, origin)).toBeNull();
    expect(JSON.stringify(open311V2.encode(REQUEST_FILED, origin))).not.toContain('Camille');
  });
});
