/**
 * Fuzz of the native endpoints (issue 8): each dialect's ingest and status routes from its JSON
 * Schema (`schemas/dialects/<dialect>/<dialect>.schema.json`, `$defs/filing` and `$defs/update`),
 * and Open311 GeoReport v2 `POST requests.json` as JSON and as a form. FUZZ_RUNS valid and
 * FUZZ_RUNS invalid bodies each: no 5xx, every answer as the OpenAPI document declares it, every
 * invalid body a 4xx naming its field, nothing recorded for it. See README, "Tests".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type FuzzHub, startFuzzHub } from './support/fuzz-hub';
import { type FuzzedOperation, fuzzInvalid, fuzzValid } from './support/fuzz-operation';
import type { JsonSchema } from './support/json-schema';
import { type Dialect, dialectSchema } from './support/schema-validators';
import type { GenerationContext } from './support/valid-arbitrary';

interface Vocabulary {
  readonly categories: readonly { code: string; canonical: string }[];
  readonly channels: readonly { code: string }[];
  readonly statuses: readonly { code: string }[];
}

const vocabulary = (dialect: Dialect): Vocabulary =>
  JSON.parse(
    readFileSync(join(__dirname, '../../schemas/dialects', dialect, 'vocabulary.json'), 'utf8'),
  ) as Vocabulary;

/** Codes of the vocabulary for the categories a connector of `dialect` may file. */
const codes = (entries: readonly { code: string }[]) =>
  fc.constantFrom(...entries.map(({ code }) => code));

const instant = fc.date({
  min: new Date('2025-01-01'),
  max: new Date('2026-06-01'),
  noInvalidDate: true,
});
const two = (value: number) => String(value).padStart(2, '0');
/** `JJ/MM/AAAA HH:mm`, a real local time (the pattern alone allows 39/19). */
const localDateTime = instant.map(
  (d) =>
    `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`,
);
const isoDateTime = instant.map((d) => d.toISOString());

/** One dialect's connector, the request it updates, and where its schema needs real values. */
interface NativeCase {
  readonly dialect: Exclude<Dialect, 'open311-v2'>;
  readonly connector: string;
  /** A canonical category routed to this connector's authority, filed by Gien in beforeAll. */
  readonly routedCategory: string;
  readonly paths: (vocabulary: Vocabulary) => GenerationContext['paths'];
  /** Where its filings hold a latitude and a longitude, which go together (not in the schema). */
  readonly coordinates: Coordinates;
}

type Coordinates = readonly [parent: readonly string[], latitude: string, longitude: string];

/**
 * A latitude goes with a longitude: when a valid body has one of them only, the other is added
 * (a schema-valid value), as a tool always sends both.
 */
function together([parent, latitude, longitude]: Coordinates, filler: unknown) {
  return (body: Record<string, unknown>): void => {
    let node: unknown = body;
    for (const key of parent) node = (node as Record<string, unknown> | undefined)?.[key];
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const has = (key: string) => ![undefined, null, ''].includes(record[key] as never);
    if (has(latitude) && !has(longitude)) record[longitude] = filler;
    if (has(longitude) && !has(latitude)) record[latitude] = filler;
  };
}

const NATIVE: readonly NativeCase[] = [
  {
    dialect: 'commune-v1',
    connector: 'gien-grc',
    routedCategory: 'civil_status.birth_certificate',
    paths: (v) => ({
      '/canal': codes(v.channels),
      '/categorie': codes(v.categories),
      '/statut': codes(v.statuses),
    }),
    coordinates: [['lieu'], 'latitude', 'longitude'],
  },
  {
    dialect: 'epci-v1',
    connector: 'cc-giennoises-grc',
    routedCategory: 'waste.collection',
    paths: (v) => ({
      '/ticket/channel': codes(v.channels),
      '/ticket/category_code': codes(v.categories),
      '/status': fc.constantFrom(...v.statuses.map(({ code }) => Number(code))),
      // An EPCI has no commune of its own to default to.
      '/ticket/site/insee_code': fc.constant('45155'),
    }),
    coordinates: [['ticket', 'site', 'geo'], 'lat', 'lng'],
  },
  {
    dialect: 'departement-v1',
    connector: 'loiret-grc',
    routedCategory: 'roads.departmental',
    paths: (v) => ({
      '/CANAL': codes(v.channels),
      '/CODE_THEME': codes(v.categories),
      '/CODE_STATUT': codes(v.statuses),
      // A département has no commune of its own to default to.
      '/CODE_INSEE': fc.constant('45155'),
    }),
    coordinates: [[], 'LATITUDE', 'LONGITUDE'],
  },
];

describe(`fuzz of the dialects (FUZZ_SEED=${process.env['FUZZ_SEED'] ?? 'default'})`, () => {
  let fuzz: FuzzHub;
  const keys = new Map<string, Record<string, string>>();
  /** By connector: a request routed to its authority, which its status fuzz works on. */
  const routed = new Map<string, string>();

  beforeAll(async () => {
    fuzz = await startFuzzHub();
    for (const connector of [...NATIVE.map((c) => c.connector), 'gien-open311']) {
      keys.set(connector, await fuzz.hub.keyFor(connector, ['ingest', 'subscribe']));
    }
    for (const [index, { connector, routedCategory }] of NATIVE.entries()) {
      const filed = await fuzz.send('POST', '/v1/requests', keys.get('gien-grc')!, {
        source: { externalId: `FUZZ-DIALECT-${index}` },
        channel: 'web',
        category: routedCategory,
        description: 'Demande du fuzz des dialectes',
        location: { inseeCode: '45155' },
      });
      expect(filed.status).toBe(201);
      routed.set(connector, (filed.body as { id: string }).id);
    }
  }, 60_000);
  afterAll(async () => {
    await fuzz.close();
  });

  const nativeContext = (c: NativeCase): GenerationContext => ({
    root: dialectSchema(c.dialect),
    refs: {
      '#/$defs/inseeCode': fc.constant('45155'),
      '#/$defs/localDateTime': localDateTime,
      '#/$defs/dateTime': isoDateTime,
      '#/$defs/utcDateTime': isoDateTime,
      '#/$defs/hubId': fc.constant(null).map(() => routed.get(c.connector)!),
    },
    paths: c.paths(vocabulary(c.dialect)),
  });
  const definition = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });

  const operations: (() => FuzzedOperation)[] = [
    ...NATIVE.flatMap((c): (() => FuzzedOperation)[] => [
      () => ({
        method: 'POST',
        template: '/v1/connectors/{connectorId}/requests',
        variant: c.dialect,
        url: () => `/v1/connectors/${c.connector}/requests`,
        headers: () => keys.get(c.connector)!,
        body: definition('filing'),
        context: nativeContext(c),
        crossField: together(c.coordinates, 1.5),
        minAccepted: 0.5,
      }),
      () => ({
        method: 'POST',
        template: '/v1/connectors/{connectorId}/requests/{reference}/status',
        variant: c.dialect,
        url: () => `/v1/connectors/${c.connector}/requests/${routed.get(c.connector)!}/status`,
        headers: () => keys.get(c.connector)!,
        body: definition('update'),
        context: nativeContext(c),
        // One request takes every update: once closed, or acknowledged, most are refused (409).
        minAccepted: 0.02,
      }),
    ]),
    ...[false, true].map((form) => (): FuzzedOperation => ({
      method: 'POST',
      template: '/open311/v2/{connectorId}/requests.json',
      variant: form ? 'open311-v2, form' : 'open311-v2, JSON',
      url: () => '/open311/v2/gien-open311/requests.json',
      // The key as a bearer token: `api_key` is left out of the fuzzed body (a broken key is
      // a 401, which names no argument).
      headers: () => keys.get('gien-open311')!,
      body: open311Filing(),
      context: {
        root: dialectSchema('open311-v2'),
        refs: { '#/$defs/inseeCode': fc.constant('45155') },
        paths: {
          '/service_code': fc.constantFrom(
            'civil_status.birth_certificate',
            'roads.departmental',
            'waste.collection',
          ),
          // A location is required (lat and long together, or an address): one of them always.
          '/address_string': fc.constantFrom('3 rue Louis Blanc, Gien', 'Place du Marché'),
          ...(form
            ? {
                // A form has no numbers, no null and no nested object.
                '/lat': fc.constantFrom('47.687', '-0.5'),
                '/long': fc.constantFrom('2.63', '1'),
                '/attribute': fc.constant(null),
              }
            : {}),
        },
      },
      form,
      crossField: together([[], 'lat', 'long'], form ? '1.5' : 1.5),
      minAccepted: 0.5,
      // A form carries text only: a wrong JSON type would arrive as valid text.
      ...(form
        ? { mutations: ({ kind }) => kind !== 'wrong-type' && kind !== 'not-an-integer' }
        : {}),
    })),
  ];

  describe.each(operations.map((make, index) => [index, make] as const))(
    'operation %i',
    (_, make) => {
      it('answers valid bodies as documented, never 5xx', async () => {
        await fuzzValid(fuzz, make());
      }, 600_000);
      it('refuses invalid bodies with a documented 4xx naming the field, recording nothing', async () => {
        await fuzzInvalid(fuzz, make());
      }, 600_000);
    },
  );
});

/** GeoReport v2's POST arguments without `api_key` (sent as a bearer token here). */
function open311Filing(): JsonSchema {
  const filing = dialectSchema('open311-v2').$defs['filing']!;
  const { api_key: _, ...properties } = filing.properties ?? {};
  return { ...filing, properties };
}
