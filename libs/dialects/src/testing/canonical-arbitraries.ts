import { type AuthorityId, CHANNELS, type Channel } from '@maillage/domain';
import fc from 'fast-check';
import type {
  DecodedFiling,
  DecodedUpdate,
  DialectContext,
  DialectId,
  SourceTime,
} from '../dialect';
import { COMMUNE_VOCABULARY } from '../commune/commune.vocabulary';
import { DEPARTEMENT_VOCABULARY } from '../departement/departement.vocabulary';
import { EPCI_VOCABULARY } from '../epci/epci.vocabulary';
import { parseFrenchLocalTime } from '../time/source-time-parsers';
import { formatFrenchLocal, formatUtc } from '../time/time-formatters';
import { CANONICAL_CATEGORIES } from '../vocabulary/canonical-categories';
import type { Vocabulary } from '../vocabulary/vocabulary';

/*
 * Canonical filings and updates restricted to what each dialect can carry, for round trips:
 * decode(encode(x)) must give x back, every field of it.
 */

export function text(maxLength: number, maxGraphemes = 40): fc.Arbitrary<string> {
  return fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: maxGraphemes })
    .filter((value) => /\S/.test(value) && value.length <= maxLength);
}

const inseeCode = fc.stringMatching(/^(?:\d{5}|2[AB]\d{3})$/);
/** Six decimals at most: written as a plain decimal string, such a number reads back the same. */
const coordinate = (bound: number) =>
  fc
    .integer({ min: -bound * 1e6, max: bound * 1e6 })
    .map((micro) => (micro === 0 ? 0 : micro / 1e6));
const email = fc.emailAddress();
const phone = fc.stringMatching(/^\+?[0-9 ().-]{6,30}$/);
const url = fc.webUrl({
  validSchemes: ['https', 'http'],
  withQueryParameters: true,
  withFragments: true,
});
const mediaType = fc.stringMatching(/^[\w.+-]{1,20}\/[\w.+-]{1,20}$/);
const category = fc.constantFrom(...CANONICAL_CATEGORIES);
export const hubId = fc.uuid().map((id) => id.toLowerCase());

/** Whole seconds between 1970 and 2100. */
const instant = fc.integer({ min: 0, max: 4_102_444_800 - 1 }).map((seconds) => seconds * 1000);

function sourceTime(dialect: DialectId, timeZone: string): fc.Arbitrary<SourceTime> {
  const times =
    dialect === 'commune-v1'
      ? // A local time repeated when clocks go back reads as its first occurrence: the second
        // one cannot be written in this dialect, so it is not generated.
        instant.filter((ms) => {
          const parsed = parseFrenchLocalTime(formatFrenchLocal(ms, timeZone), timeZone);
          return parsed.ok && parsed.time.utc === formatUtc(ms);
        })
      : instant;
  return times.map((ms) => ({ utc: formatUtc(ms), raw: formatUtc(ms) }));
}

interface Shape {
  readonly externalId: fc.Arbitrary<string>;
  readonly descriptionMax: number;
  readonly channels: readonly Channel[];
  readonly maxAttachments: number;
  readonly attachmentDetails: boolean;
  readonly citizenAddress: boolean;
  readonly filedAt: 'required' | 'optional' | 'none';
  readonly occurredAt: 'required' | 'optional';
  readonly statusLabels: boolean;
  readonly vocabulary: Vocabulary | null;
}

export const SHAPES: Readonly<Record<DialectId, Shape>> = {
  'commune-v1': {
    externalId: fc.stringMatching(/^[\x21-\x7e]{1,50}$/),
    descriptionMax: 5000,
    channels: CHANNELS,
    maxAttachments: 20,
    attachmentDetails: true,
    citizenAddress: true,
    filedAt: 'optional',
    occurredAt: 'optional',
    statusLabels: false,
    vocabulary: COMMUNE_VOCABULARY,
  },
  'epci-v1': {
    externalId: fc.stringMatching(/^[A-Z]{2,5}-\d{4}-\d{6}$/),
    descriptionMax: 8000,
    channels: CHANNELS,
    maxAttachments: 20,
    attachmentDetails: true,
    citizenAddress: true,
    filedAt: 'required',
    occurredAt: 'required',
    statusLabels: false,
    vocabulary: EPCI_VOCABULARY,
  },
  'departement-v1': {
    externalId: fc.stringMatching(/^D(?:\d{2,3}|2[AB])-\d{4}-\d{7}$/),
    descriptionMax: 10_000,
    channels: CHANNELS,
    maxAttachments: 20,
    attachmentDetails: true,
    citizenAddress: true,
    filedAt: 'optional',
    occurredAt: 'optional',
    statusLabels: true,
    vocabulary: DEPARTEMENT_VOCABULARY,
  },
  'open311-v2': {
    externalId: fc.constant('derived by the decoder'),
    descriptionMax: 4000,
    channels: ['web', 'mobile_app'],
    maxAttachments: 1,
    attachmentDetails: false,
    citizenAddress: false,
    filedAt: 'none',
    occurredAt: 'optional',
    statusLabels: false,
    vocabulary: null,
  },
};

function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined });
}

/** Drops the keys whose value is undefined, as decoders never set them. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function canonicalFiling(
  dialect: DialectId,
  context: DialectContext,
): fc.Arbitrary<DecodedFiling> {
  const shape = SHAPES[dialect];
  const citizen = fc
    .record({
      name: optional(text(200)),
      email: optional(email),
      phone: optional(phone),
      address: shape.citizenAddress ? optional(text(500)) : fc.constant(undefined),
    })
    .map(defined)
    .map((value) => (Object.keys(value).length === 0 ? null : value));
  const attachment = shape.attachmentDetails
    ? fc.record({ url, mediaType: optional(mediaType), name: optional(text(255)) }).map(defined)
    : fc.record({ url });
  const filedAt =
    shape.filedAt === 'none'
      ? fc.constant(null)
      : shape.filedAt === 'required'
        ? sourceTime(dialect, context.timeZone)
        : fc.option(sourceTime(dialect, context.timeZone), { nil: null });
  // Open311 needs a location beyond the commune: coordinates or an address.
  const location = fc
    .record({
      inseeCode,
      address: optional(text(500)),
      coordinates: optional(fc.record({ lat: coordinate(90), lon: coordinate(180) })),
    })
    .map(defined)
    .filter(
      (value) =>
        dialect !== 'open311-v2' || value.address !== undefined || value.coordinates !== undefined,
    );
  return fc.record({
    externalId: shape.externalId,
    channel: fc.constantFrom(...shape.channels),
    category,
    description: fc.oneof(
      text(shape.descriptionMax),
      fc.constant('x'.repeat(shape.descriptionMax)),
    ),
    location,
    attachments: fc.array(attachment, { maxLength: shape.maxAttachments }),
    citizen,
    filedAt,
  });
}

export function canonicalUpdate(
  dialect: DialectId,
  context: DialectContext,
): fc.Arbitrary<DecodedUpdate> {
  const shape = SHAPES[dialect];
  const vocabulary = shape.vocabulary;
  if (vocabulary === null) throw new Error(`${dialect} has no updates`);
  const occurredAt =
    shape.occurredAt === 'required'
      ? sourceTime(dialect, context.timeZone)
      : fc.option(sourceTime(dialect, context.timeZone), { nil: null });
  const request = fc.oneof(
    hubId.map((requestId) => ({ kind: 'hub' as const, requestId })),
    shape.externalId.map((externalId) => ({ kind: 'external' as const, externalId })),
  );
  const note = fc.option(text(2000), { nil: null });
  const settable = vocabulary.statuses.filter((entry) =>
    vocabulary.settableStatusCodes.includes(entry.code),
  );
  const change = fc
    .record({
      entry: fc.constantFrom(...settable),
      label: shape.statusLabels ? fc.option(text(300), { nil: null }) : fc.constant(null),
      note,
    })
    .map(({ entry, label, note: statusNote }) => {
      const raw = { code: entry.code, label: label ?? entry.label };
      return entry.closes
        ? { kind: 'close' as const, outcome: entry.canonical as 'resolved', raw, note: statusNote }
        : { kind: 'status' as const, to: entry.canonical, raw, note: statusNote };
    });
  const kinds = fc.oneof(
    fc.record({
      request: hubId.map((requestId) => ({ kind: 'hub' as const, requestId })),
      body: shape.externalId.map((externalReference) => ({
        kind: 'acknowledge' as const,
        externalReference,
      })),
    }),
    fc.record({ request, body: change }),
    fc.record({
      request,
      body: fc.record({
        kind: fc.constant('comment' as const),
        text: text(5000),
        visibility: fc.constantFrom('public' as const, 'internal' as const),
      }),
    }),
    fc.record({
      request,
      body: fc.record({ kind: fc.constant('reopen' as const), reason: text(2000) }),
    }),
    fc.record({
      request,
      body: fc.record({
        kind: fc.constant('transfer' as const),
        to: fc
          .constantFrom<AuthorityId>(
            'commune:45155',
            'commune:2A004',
            'epci:244500211',
            'departement:45',
            'departement:2B',
          )
          .filter((authority) => authority !== context.authority)
          .map((authority) => [authority]),
        reason: text(2000),
      }),
    }),
  );
  return fc.tuple(kinds, occurredAt).map(([{ request: reference, body }, time]): DecodedUpdate => ({
    request: reference,
    occurredAt: time,
    ...body,
  }));
}
