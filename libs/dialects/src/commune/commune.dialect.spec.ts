import { join } from 'node:path';
import { encodeContext, CONTEXTS, HUB_ID } from '../testing/sample-contexts';
import { issuesOf, valueOf, withChanges } from '../testing/dialect-expectations';
import {
  INTERNAL_COMMENT,
  REQUEST_CLOSED,
  REQUEST_FILED,
  SAMPLE_HISTORY,
  STATUS_CHANGED,
} from '../testing/sample-events';
import { readJson, SCHEMAS_DIR } from '../testing/schema-validator';
import { communeV1 } from './commune.dialect';

const example = (name: string) => readJson(join(SCHEMAS_DIR, 'commune-v1', 'examples', name));
const context = CONTEXTS['commune-v1'];
const demande = example('filing-demande.json');

describe('commune-v1 filings', () => {
  it('decodes a demande into the canonical filing, local time normalised to UTC', () => {
    expect(valueOf(communeV1.decodeFiling(demande, context))).toEqual({
      externalId: 'GIEN-2026-000123',
      channel: 'counter',
      category: 'roads.departmental',
      description: 'Nid-de-poule dangereux sur la RD 940, à la sortie de Gien vers Briare.',
      location: {
        inseeCode: '45155',
        address: 'RD 940, 45500 Gien',
        coordinates: { lat: 47.6877, lon: 2.6309 },
      },
      attachments: [
        {
          url: 'https://grc.gien.fr/pieces/123/photo.jpg',
          mediaType: 'image/jpeg',
          name: 'photo.jpg',
        },
      ],
      citizen: {
        name: 'Camille Martin',
        email: 'camille.martin@example.org',
        phone: '06 12 34 56 78',
      },
      filedAt: { utc: '2026-11-29T08:15:00Z', raw: '29/11/2026 09:15' },
    });
  });

  it("takes the commune's own INSEE code when the demande names none", () => {
    const decoded = valueOf(
      communeV1.decodeFiling(example('filing-demande-minimale.json'), context),
    );
    expect(decoded).toMatchObject({
      location: { inseeCode: '45155', address: 'Rue de la Paix, 45500 Gien' },
      citizen: null,
      attachments: [],
      filedAt: null,
    });
    expect(
      issuesOf(
        communeV1.decodeFiling(example('filing-demande-minimale.json'), {
          ...context,
          defaultInseeCode: null,
        }),
      ),
    ).toEqual([
      {
        pointer: '/lieu/codeInsee',
        code: 'DIALECT.REQUIRED',
        expected: expect.stringContaining('INSEE'),
      },
    ]);
  });

  it('takes any coordinate its schema allows, even one written with an exponent', () => {
    // Found by the fuzz (test/fuzz): 5e-7 was refused, though the schema says a number in range.
    const near0 = withChanges(demande, {
      lieu: { codeInsee: '45155', latitude: 5e-7, longitude: -1e-300 },
    });
    expect(valueOf(communeV1.decodeFiling(near0, context))).toMatchObject({
      location: { coordinates: { lat: 5e-7, lon: -1e-300 } },
    });
  });

  it('reads an alias category code as its canonical category', () => {
    const decoded = valueOf(
      communeV1.decodeFiling(withChanges(demande, { categorie: 'NID_DE_POULE' }), context),
    );
    expect(decoded.category).toBe('roads.municipal');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a missing number', { numeroDemande: undefined }, '/numeroDemande', 'DIALECT.REQUIRED'],
    ['a number with a space', { numeroDemande: 'GIEN 123' }, '/numeroDemande', 'DIALECT.FORMAT'],
    ['an unknown channel', { canal: 'FAX' }, '/canal', 'DIALECT.UNKNOWN_VALUE'],
    [
      'a canonical category instead of a native one',
      { categorie: 'roads.municipal' },
      '/categorie',
      'DIALECT.UNKNOWN_VALUE',
    ],
    ['a blank objet', { objet: '  \n' }, '/objet', 'DIALECT.FORMAT'],
    ['an objet too long', { objet: 'x'.repeat(5001) }, '/objet', 'DIALECT.TOO_LONG'],
    ['a number where text belongs', { objet: 42 }, '/objet', 'DIALECT.TYPE'],
    ['an ISO date', { dateDemande: '2026-11-29T09:15:00+01:00' }, '/dateDemande', 'DIALECT.FORMAT'],
    ['the 31st of February', { dateDemande: '31/02/2026 10:00' }, '/dateDemande', 'DIALECT.FORMAT'],
    [
      'a time that never happened',
      { dateDemande: '29/03/2026 02:30' },
      '/dateDemande',
      'DIALECT.NONEXISTENT_TIME',
    ],
    ['an unknown field', { priorite: 'haute' }, '/priorite', 'DIALECT.UNKNOWN_FIELD'],
    [
      'a bad e-mail',
      { demandeur: { courriel: 'camille@' } },
      '/demandeur/courriel',
      'DIALECT.FORMAT',
    ],
    [
      'a bad phone',
      { demandeur: { telephone: 'appeler le soir' } },
      '/demandeur/telephone',
      'DIALECT.FORMAT',
    ],
    [
      'an unknown citizen field',
      { demandeur: { prenom: 'Camille' } },
      '/demandeur/prenom',
      'DIALECT.UNKNOWN_FIELD',
    ],
    ['a bad INSEE code', { lieu: { codeInsee: '4515' } }, '/lieu/codeInsee', 'DIALECT.FORMAT'],
    [
      'a latitude out of range',
      { lieu: { latitude: 91, longitude: 2 } },
      '/lieu/latitude',
      'DIALECT.OUT_OF_RANGE',
    ],
    ['a latitude alone', { lieu: { latitude: 47.6 } }, '/lieu/longitude', 'DIALECT.CONFLICT'],
    [
      'a relative URL',
      { piecesJointes: [{ url: 'photo.jpg' }] },
      '/piecesJointes/0/url',
      'DIALECT.FORMAT',
    ],
    [
      'a javascript: URL',
      { piecesJointes: [{ url: 'javascript:alert(1)' }] },
      '/piecesJointes/0/url',
      'DIALECT.FORMAT',
    ],
    [
      'a bad media type',
      { piecesJointes: [{ url: 'https://x.fr/a', typeMime: 'jpeg' }] },
      '/piecesJointes/0/typeMime',
      'DIALECT.FORMAT',
    ],
    [
      '21 attachments',
      { piecesJointes: Array.from({ length: 21 }, () => ({ url: 'https://x.fr/a' })) },
      '/piecesJointes',
      'DIALECT.TOO_LONG',
    ],
    [
      'an attachment that is a string',
      { piecesJointes: ['https://x.fr/a'] },
      '/piecesJointes/0',
      'DIALECT.TYPE',
    ],
  ])('refuses %s, naming the field', (_case, changes, pointer, code) => {
    expect(issuesOf(communeV1.decodeFiling(withChanges(demande, changes), context))).toContainEqual(
      expect.objectContaining({ pointer, code }),
    );
  });

  it.each([null, [], 42, 'demande', true])('refuses %p as a whole, without throwing', (payload) => {
    expect(issuesOf(communeV1.decodeFiling(payload, context))).toEqual([
      expect.objectContaining({ pointer: '', code: 'DIALECT.TYPE' }),
    ]);
  });

  it('refuses prototype keys as unknown fields, and they change nothing', () => {
    const payload = JSON.parse(
      '{"__proto__": {"objet": "pollution"}, "numeroDemande": "G-1", "canal": "GUICHET", "categorie": "VOIRIE", "lieu": {}}',
    ) as unknown;
    expect(issuesOf(communeV1.decodeFiling(payload, context))).toEqual([
      expect.objectContaining({ pointer: '/__proto__', code: 'DIALECT.UNKNOWN_FIELD' }),
      expect.objectContaining({ pointer: '/objet', code: 'DIALECT.REQUIRED' }),
    ]);
  });

  it('caps the issues it reports', () => {
    const payload = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, index) => [`f${index}`, index]),
    );
    expect(issuesOf(communeV1.decodeFiling(payload, context))).toHaveLength(20);
  });
});

describe('commune-v1 updates', () => {
  it('reads a status change by the tool number, and a closing status as a close', () => {
    expect(
      valueOf(communeV1.decodeUpdate(example('update-changement-statut.json'), context)),
    ).toEqual({
      kind: 'status',
      request: { kind: 'external', externalId: 'GIEN-2026-000123' },
      occurredAt: { utc: '2026-11-30T09:30:00Z', raw: '30/11/2026 10:30' },
      to: 'in_progress',
      raw: { code: 'EN_COURS', label: 'En cours' },
      note: 'Équipe voirie prévenue.',
    });
    expect(valueOf(communeV1.decodeUpdate(example('update-cloture.json'), context))).toEqual({
      kind: 'close',
      request: { kind: 'hub', requestId: HUB_ID },
      occurredAt: { utc: '2026-12-02T15:45:30Z', raw: '02/12/2026 16:45:30' },
      outcome: 'resolved',
      raw: { code: 'TRAITEE', label: 'Traitée' },
      note: 'Trou rebouché le 2 décembre.',
    });
  });

  it('reads a prise en charge as an acknowledgement with the tool number as reference', () => {
    expect(
      valueOf(communeV1.decodeUpdate(example('update-prise-en-charge.json'), context)),
    ).toMatchObject({
      kind: 'acknowledge',
      request: { kind: 'hub', requestId: HUB_ID },
      externalReference: 'GIEN-2026-000200',
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      'an unknown action',
      { action: 'SUPPRESSION', numeroDemande: 'G-1' },
      '/action',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'a status only routing sets',
      { action: 'CHANGEMENT_STATUT', numeroDemande: 'G-1', statut: 'NOUVELLE' },
      '/statut',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'an unknown status',
      { action: 'CHANGEMENT_STATUT', numeroDemande: 'G-1', statut: 'ANNULEE' },
      '/statut',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'a field of another action',
      { action: 'COMMENTAIRE', numeroDemande: 'G-1', commentaire: 'x', statut: 'EN_COURS' },
      '/statut',
      'DIALECT.UNKNOWN_FIELD',
    ],
    ['no request named', { action: 'REOUVERTURE', motif: 'x' }, '', 'DIALECT.REQUIRED'],
    [
      'an uppercase hub id',
      { action: 'REOUVERTURE', referenceMaillage: HUB_ID.toUpperCase(), motif: 'x' },
      '/referenceMaillage',
      'DIALECT.FORMAT',
    ],
    [
      'a prise en charge without the hub id',
      { action: 'PRISE_EN_CHARGE', numeroDemande: 'G-1' },
      '/referenceMaillage',
      'DIALECT.REQUIRED',
    ],
    [
      'a blank comment',
      { action: 'COMMENTAIRE', numeroDemande: 'G-1', commentaire: ' ' },
      '/commentaire',
      'DIALECT.FORMAT',
    ],
    [
      'interne as a string',
      { action: 'COMMENTAIRE', numeroDemande: 'G-1', commentaire: 'x', interne: 'oui' },
      '/interne',
      'DIALECT.TYPE',
    ],
  ])('refuses %s, naming the field', (_case, payload, pointer, code) => {
    expect(issuesOf(communeV1.decodeUpdate(payload, context))).toContainEqual(
      expect.objectContaining({ pointer, code }),
    );
  });
});

describe('commune-v1 messages to the tool', () => {
  it('gives a target everything to handle a filed request, in its own vocabulary and time', () => {
    const message = communeV1.encode(REQUEST_FILED, encodeContext('commune-v1', 'target'));
    expect(message).toMatchObject({
      kind: 'demande.nouvelle',
      body: {
        referenceMaillage: HUB_ID,
        numeroDemande: null,
        dateEvenement: '29/11/2026 09:15',
        dateDemande: '29/11/2026 09:15',
        canal: 'GUICHET',
        categorie: 'ROUTE_DEPARTEMENTALE',
        categorieMaillage: 'roads.departmental',
        demandeur: {
          nom: 'Camille Martin',
          courriel: 'camille.martin@example.org',
          telephone: '06 12 34 56 78',
        },
        statut: { code: 'NOUVELLE', libelle: 'Nouvelle' },
      },
    });
  });

  it('keeps personal data out of the receipt sent to the tool that filed it', () => {
    const message = communeV1.encode(
      REQUEST_FILED,
      encodeContext('commune-v1', 'origin', 'GIEN-2026-000123'),
    );
    expect(message?.kind).toBe('demande.enregistree');
    expect(JSON.stringify(message)).not.toContain('Camille');
    expect(message?.body).toMatchObject({
      referenceMaillage: HUB_ID,
      numeroDemande: 'GIEN-2026-000123',
    });
  });

  it("translates other tools' statuses into its four, and never forwards internal comments", () => {
    const origin = encodeContext('commune-v1', 'origin', 'GIEN-2026-000123');
    expect(communeV1.encode(STATUS_CHANGED, origin)?.body).toMatchObject({
      statut: { code: 'EN_COURS', libelle: 'En cours' },
    });
    expect(communeV1.encode(REQUEST_CLOSED, origin)?.body).toMatchObject({
      statut: { code: 'TRAITEE' },
    });
    expect(communeV1.encode(INTERNAL_COMMENT, origin)).toBeNull();
  });

  it('names the request by the hub id in every message', () => {
    for (const event of SAMPLE_HISTORY) {
      const message = communeV1.encode(
        event,
        encodeContext('commune-v1', 'origin', 'GIEN-2026-000123'),
      );
      if (message !== null) expect(message.body['referenceMaillage']).toBe(HUB_ID);
    }
  });

  it('returns null for an event type it does not know', () => {
    expect(
      communeV1.encode(
        { ...REQUEST_FILED, type: 'RequestArchived' },
        encodeContext('commune-v1', 'origin'),
      ),
    ).toBeNull();
  });
});
