import { CANONICAL_STATUSES, CHANNELS, CLOSE_OUTCOMES, type RawStatus } from '@maillage/domain';
import { COMMUNE_VOCABULARY } from '../commune/commune.vocabulary';
import type { DialectId } from '../dialect';
import { DEPARTEMENT_VOCABULARY } from '../departement/departement.vocabulary';
import { nativeStatus } from '../encoding/native-status';
import { EPCI_VOCABULARY } from '../epci/epci.vocabulary';
import { OPEN311_VOCABULARY, compileOpen311Vocabulary } from '../open311/open311.vocabulary';
import { encodeContext } from '../testing/sample-contexts';
import { CANONICAL_CATEGORIES } from './canonical-categories';
import { compileVocabulary, type Vocabulary } from './vocabulary';
import { VocabularyError } from './vocabulary-error';

const VOCABULARIES: [DialectId, Vocabulary][] = [
  ['commune-v1', COMMUNE_VOCABULARY],
  ['epci-v1', EPCI_VOCABULARY],
  ['departement-v1', DEPARTEMENT_VOCABULARY],
];

describe.each(VOCABULARIES)('the %s vocabulary', (_dialect, vocabulary) => {
  it('has a native code for every canonical category, which reads back as that category', () => {
    for (const category of CANONICAL_CATEGORIES) {
      const entry = vocabulary.categoryFor(category);
      expect({ category, code: entry?.code }).toEqual({ category, code: expect.any(String) });
      expect(vocabulary.categoryOf(entry!.code)).toBe(category);
    }
  });

  it('has a native code for every channel, which reads back as that channel', () => {
    for (const channel of CHANNELS) {
      expect(vocabulary.channelOf(vocabulary.channelFor(channel).code)).toBe(channel);
    }
  });

  it('sends a status for every canonical status and close outcome, with the right meaning', () => {
    for (const status of CANONICAL_STATUSES)
      expect(vocabulary.statusFor(status).code).toEqual(expect.any(String));
    for (const outcome of CLOSE_OUTCOMES) {
      const entry = vocabulary.closingStatusFor(outcome);
      expect(vocabulary.statusOf(entry.code)).toBe(entry);
    }
    // A status that reads back as the one sent, whenever the vocabulary can tell them apart.
    for (const entry of vocabulary.statuses) {
      if (entry.closes)
        expect(vocabulary.closingStatusFor(entry.canonical as 'resolved').closes).toBe(true);
    }
  });

  it('knows nothing of prototype names', () => {
    for (const code of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(vocabulary.categoryOf(code)).toBeUndefined();
      expect(vocabulary.channelOf(code)).toBeUndefined();
      expect(vocabulary.statusOf(code)).toBeUndefined();
    }
  });
});

describe('native statuses for a tool', () => {
  const context = encodeContext('departement-v1', 'target');

  it("echo the tool's own raw status when it means the same", () => {
    const raw: RawStatus = { code: 'ATT_USAGER', label: "En attente de photos de l'usager" };
    expect(
      nativeStatus(
        DEPARTEMENT_VOCABULARY,
        'departement-v1',
        'waiting_for_citizen',
        false,
        raw,
        context,
      ),
    ).toEqual({
      code: 'ATT_USAGER',
      label: "En attente de photos de l'usager",
    });
    const scheduled: RawStatus = { code: '25', label: 'Scheduled' };
    expect(
      nativeStatus(
        EPCI_VOCABULARY,
        'epci-v1',
        'in_progress',
        false,
        scheduled,
        encodeContext('epci-v1', 'target'),
      ),
    ).toEqual({
      code: '25',
      label: 'Scheduled',
    });
  });

  it("map to the vocabulary when the raw status is another dialect's or means something else", () => {
    const scheduled: RawStatus = { code: '25', label: 'Scheduled' };
    expect(
      nativeStatus(COMMUNE_VOCABULARY, 'commune-v1', 'in_progress', false, scheduled, context),
    ).toEqual({
      code: 'EN_COURS',
      label: 'En cours',
    });
    // The code is known here, but it was produced by a tool of another dialect.
    const own = { ...context, eventDialect: 'epci-v1' as const };
    expect(
      nativeStatus(
        DEPARTEMENT_VOCABULARY,
        'departement-v1',
        'waiting_for_citizen',
        false,
        { code: 'ATT_USAGER', label: 'x' },
        own,
      ),
    ).toEqual({ code: 'ATT_USAGER', label: "En attente de l'usager" });
    // Known code, other meaning: the canonical status wins.
    expect(
      nativeStatus(
        DEPARTEMENT_VOCABULARY,
        'departement-v1',
        'in_progress',
        false,
        { code: 'ATT_USAGER', label: 'x' },
        context,
      ),
    ).toEqual({
      code: 'INSTR',
      label: 'En instruction',
    });
    // A closing code for a status that stays open is not echoed either.
    expect(
      nativeStatus(
        DEPARTEMENT_VOCABULARY,
        'departement-v1',
        'resolved',
        false,
        { code: 'CLOTUREE', label: 'Clôturée' },
        context,
      ),
    ).toEqual({
      code: 'REALISEE',
      label: 'Intervention réalisée',
    });
  });
});

describe('compileVocabulary', () => {
  const valid = {
    dialect: 'test-v1',
    categories: [
      { code: 'VOIRIE', label: 'Voirie', canonical: 'roads.municipal' },
      { code: 'TROU', label: 'Trou', canonical: 'roads.municipal' },
    ],
    channels: CHANNELS.map((channel) => ({
      code: channel.toUpperCase(),
      label: channel,
      canonical: channel,
    })),
    statuses: [
      { code: 'OUVERTE', label: 'Ouverte', canonical: 'routed' },
      { code: 'FAITE', label: 'Faite', canonical: 'resolved', closes: true },
    ],
    outbound: {
      statuses: Object.fromEntries(CANONICAL_STATUSES.map((status) => [status, 'OUVERTE'])),
      closeOutcomes: { resolved: 'FAITE', rejected: 'FAITE', closed_without_action: 'FAITE' },
    },
  };

  it('sends the first code listed for a category and reads the others', () => {
    const vocabulary = compileVocabulary(valid, 'test.json');
    expect(vocabulary.categoryFor('roads.municipal')?.code).toBe('VOIRIE');
    expect(vocabulary.categoryOf('TROU')).toBe('roads.municipal');
    expect(vocabulary.settableStatusCodes).toEqual(['FAITE']);
  });

  it.each<[string, (file: typeof valid) => unknown, string]>([
    [
      'an unknown category',
      (file) => ({ ...file, categories: [{ code: 'X', label: 'X', canonical: 'roads' }] }),
      '/categories/0/canonical',
    ],
    [
      'a code listed twice',
      (file) => ({ ...file, categories: [...file.categories, file.categories[0]] }),
      '/categories/2/code',
    ],
    [
      'a typo in a key',
      (file) => ({
        ...file,
        categories: [{ code: 'X', label: 'X', canonicla: 'roads.municipal' }],
      }),
      '/categories/0/canonicla',
    ],
    ['a missing channel', (file) => ({ ...file, channels: file.channels.slice(1) }), '/channels'],
    [
      'a closing status that is no outcome',
      (file) => ({
        ...file,
        statuses: [
          ...file.statuses,
          { code: 'C', label: 'C', canonical: 'in_progress', closes: true },
        ],
      }),
      '/statuses/2/canonical',
    ],
    [
      'an outbound status not listed',
      (file) => ({
        ...file,
        outbound: {
          ...file.outbound,
          closeOutcomes: { ...file.outbound.closeOutcomes, rejected: 'NOPE' },
        },
      }),
      '/outbound/closeOutcomes/rejected',
    ],
    [
      'a missing outbound status',
      (file) => ({ ...file, outbound: { ...file.outbound, statuses: { routed: 'OUVERTE' } } }),
      '/outbound/statuses/received',
    ],
    [
      'a label with outer spaces',
      (file) => ({
        ...file,
        statuses: [{ code: 'OUVERTE', label: ' Ouverte', canonical: 'routed' }],
      }),
      '/statuses/0/label',
    ],
  ])('refuses %s, naming the file and the entry', (_case, breakIt, pointer) => {
    let error: unknown;
    try {
      compileVocabulary(breakIt(valid), 'schemas/dialects/test-v1/vocabulary.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VocabularyError);
    expect(error).toMatchObject({ file: 'schemas/dialects/test-v1/vocabulary.json', pointer });
  });
});

describe('the open311-v2 vocabulary', () => {
  it('lists a service for every canonical category and a note for every status', () => {
    for (const category of CANONICAL_CATEGORIES)
      expect(OPEN311_VOCABULARY.serviceFor(category)?.canonical).toBe(category);
    for (const status of CANONICAL_STATUSES)
      expect(OPEN311_VOCABULARY.statusNote(status)).toMatch(/\S/);
    expect(OPEN311_VOCABULARY.serviceOf('__proto__')).toBeUndefined();
  });

  it('refuses a keyword with a comma, since keywords travel comma-separated', () => {
    const service = { ...OPEN311_VOCABULARY.services[0], keywords: ['a,b'] };
    const notes = Object.fromEntries(CANONICAL_STATUSES.map((status) => [status, status]));
    expect(() =>
      compileOpen311Vocabulary({ dialect: 'open311-v2', services: [service], statusNotes: notes }),
    ).toThrow(/services\/0\/keywords\/0/);
  });
});
