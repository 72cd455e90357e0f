import { join } from 'node:path';
import { issuesOf, valueOf, withChanges } from '../testing/dialect-expectations';
import { CONTEXTS, encodeContext, HUB_ID } from '../testing/sample-contexts';
import {
  INTERNAL_COMMENT,
  PUBLIC_COMMENT,
  REQUEST_CLOSED,
  REQUEST_FILED,
  STATUS_CHANGED,
} from '../testing/sample-events';
import { readJson, SCHEMAS_DIR } from '../testing/schema-validator';
import { departementV1 } from './departement.dialect';

const example = (name: string) => readJson(join(SCHEMAS_DIR, 'departement-v1', 'examples', name));
const context = CONTEXTS['departement-v1'];
const creation = example('filing-demande-creation.json');

describe('departement-v1 filings', () => {
  it('decodes a flat DEMANDE_CREATION, null fields being absent', () => {
    expect(valueOf(departementV1.decodeFiling(creation, context))).toEqual({
      externalId: 'D45-2026-0000123',
      channel: 'email',
      category: 'roads.departmental',
      description:
        'Affaissement de chaussée sur la RD 952 au PR 12+300, dans le sens Gien-Orléans.',
      location: {
        inseeCode: '45155',
        address: 'RD 952, PR 12+300',
        coordinates: { lat: 47.7012, lon: 2.5921 },
      },
      attachments: [
        {
          url: 'https://relation-usagers.loiret.fr/pj/2026/123.pdf',
          mediaType: 'application/pdf',
          name: 'constat.pdf',
        },
      ],
      citizen: { name: 'Alex Bernard', email: 'alex.bernard@example.org' },
      filedAt: { utc: '2026-11-29T08:15:00Z', raw: '2026-11-29T08:15:00Z' },
    });
  });

  it('reads a time without an offset in the connector zone, the morning clocks went forward', () => {
    expect(
      valueOf(departementV1.decodeFiling(example('filing-demande-heure-locale.json'), context))
        .filedAt,
    ).toEqual({
      utc: '2026-03-29T01:30:00Z',
      raw: '2026-03-29T03:30:00',
    });
    expect(
      issuesOf(
        departementV1.decodeFiling(
          withChanges(creation, { DATE_DEPOT: '2026-03-29T02:30:00' }),
          context,
        ),
      ),
    ).toEqual([
      expect.objectContaining({ pointer: '/DATE_DEPOT', code: 'DIALECT.NONEXISTENT_TIME' }),
    ]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an id of another tool', { ID_DEMANDE: 'CCG-2026-000123' }, '/ID_DEMANDE', 'DIALECT.FORMAT'],
    [
      'a theme of another dialect',
      { CODE_THEME: 'VOIR-RD' },
      '/CODE_THEME',
      'DIALECT.UNKNOWN_VALUE',
    ],
    ['a lower-case field', { description: 'x' }, '/description', 'DIALECT.UNKNOWN_FIELD'],
    ['no commune, for a département', { CODE_INSEE: undefined }, '/CODE_INSEE', 'DIALECT.REQUIRED'],
    ['a longitude alone', { LATITUDE: null }, '/LATITUDE', 'DIALECT.CONFLICT'],
    ['coordinates as strings', { LATITUDE: '47.7' }, '/LATITUDE', 'DIALECT.TYPE'],
    [
      'the 30th of February',
      { DATE_DEPOT: '2026-02-30T10:00:00Z' },
      '/DATE_DEPOT',
      'DIALECT.FORMAT',
    ],
  ])('refuses %s, naming the field', (_case, changes, pointer, code) => {
    expect(
      issuesOf(departementV1.decodeFiling(withChanges(creation, changes), context)),
    ).toContainEqual(expect.objectContaining({ pointer, code }));
  });
});

describe('departement-v1 updates', () => {
  it("keeps the tool's own status label as the raw label", () => {
    expect(
      valueOf(departementV1.decodeUpdate(example('update-changement-statut.json'), context)),
    ).toEqual({
      kind: 'status',
      request: { kind: 'hub', requestId: HUB_ID },
      occurredAt: { utc: '2026-11-30T08:00:00Z', raw: '2026-11-30T09:00:00+01:00' },
      to: 'waiting_for_citizen',
      raw: { code: 'ATT_USAGER', label: "En attente de photos de l'usager" },
      note: 'Merci de nous envoyer une photo du lieu.',
    });
  });

  it('reads its closing statuses as closes with an outcome', () => {
    expect(
      valueOf(departementV1.decodeUpdate(example('update-cloture.json'), context)),
    ).toMatchObject({
      kind: 'close',
      outcome: 'resolved',
      raw: { code: 'CLOTUREE', label: 'Clôturée' },
    });
    const rejected = {
      TYPE_MESSAGE: 'CHANGEMENT_STATUT',
      ID_MAILLAGE: HUB_ID,
      CODE_STATUT: 'IRRECEVABLE',
    };
    expect(valueOf(departementV1.decodeUpdate(rejected, context))).toMatchObject({
      kind: 'close',
      outcome: 'rejected',
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      'AR as a status change',
      { TYPE_MESSAGE: 'CHANGEMENT_STATUT', ID_MAILLAGE: HUB_ID, CODE_STATUT: 'AR' },
      '/CODE_STATUT',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'an unknown visibility',
      { TYPE_MESSAGE: 'COMMENTAIRE', ID_MAILLAGE: HUB_ID, TEXTE: 'x', VISIBILITE: 'PRIVEE' },
      '/VISIBILITE',
      'DIALECT.UNKNOWN_VALUE',
    ],
    [
      'a blank label',
      {
        TYPE_MESSAGE: 'CHANGEMENT_STATUT',
        ID_MAILLAGE: HUB_ID,
        CODE_STATUT: 'INSTR',
        LIBELLE_STATUT: '',
      },
      '/LIBELLE_STATUT',
      'DIALECT.FORMAT',
    ],
    [
      'an acknowledgement without the hub id',
      { TYPE_MESSAGE: 'ACCUSE_RECEPTION', ID_DEMANDE: 'D45-2026-0000456' },
      '/ID_MAILLAGE',
      'DIALECT.REQUIRED',
    ],
  ])('refuses %s, naming the field', (_case, payload, pointer, code) => {
    expect(issuesOf(departementV1.decodeUpdate(payload, context))).toContainEqual(
      expect.objectContaining({ pointer, code }),
    );
  });
});

describe('departement-v1 messages to the tool', () => {
  const target = encodeContext('departement-v1', 'target', 'D45-2026-0000456');

  it('gives a target one flat record with the citizen, times in UTC', () => {
    expect(
      departementV1.encode(REQUEST_FILED, encodeContext('departement-v1', 'target')),
    ).toMatchObject({
      kind: 'DEMANDE_A_TRAITER',
      body: {
        ID_MAILLAGE: HUB_ID,
        ID_DEMANDE: null,
        DATE_EVENEMENT: '2026-11-29T08:15:00Z',
        CODE_THEME: 'ROUTE_RD',
        CANAL: 'ACC',
        NOM_USAGER: 'Camille Martin',
        ADRESSE_USAGER: null,
        CODE_STATUT: 'RECUE',
      },
    });
  });

  it('echoes its own statuses, labels included, and forwards public comments only', () => {
    expect(departementV1.encode(STATUS_CHANGED, target)?.body).toMatchObject({
      CODE_STATUT: 'ATT_USAGER',
      LIBELLE_STATUT: "En attente de photos de l'usager",
      OBSERVATION: 'Merci de nous envoyer une photo du lieu.',
    });
    expect(departementV1.encode(REQUEST_CLOSED, target)?.body).toMatchObject({
      CODE_STATUT: 'CLOTUREE',
    });
    expect(departementV1.encode(PUBLIC_COMMENT, target)?.kind).toBe('COMMENTAIRE');
    expect(departementV1.encode(INTERNAL_COMMENT, target)).toBeNull();
  });
});
