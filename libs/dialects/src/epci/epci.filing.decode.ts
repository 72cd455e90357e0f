import type { DecodeResult, DecodedFiling, DialectContext } from '../dialect';
import {
  attachmentsOf,
  citizenOf,
  coordinatesOf,
  inseeCodeOrDefault,
  locationOf,
  present,
  readCode,
  readSourceTime,
} from '../decoding/canonical-fields';
import { FIELD_RULES, descriptionRule, externalIdRule } from '../decoding/field-rules';
import { HUB_LIMITS } from '../decoding/hub-limits';
import { IssueSink } from '../decoding/issue-sink';
import {
  isRecord,
  readCoordinate,
  readList,
  readRecord,
  readText,
  refuseUnknownFields,
} from '../decoding/payload-reader';
import { refusal, refusedWith } from '../decoding/refusal';
import { parseIsoTime } from '../time/source-time-parsers';
import { EPCI_CODES, EPCI_VOCABULARY } from './epci.vocabulary';

const ENVELOPE_FIELDS = new Set(['message_type', 'ticket']);
const TICKET_FIELDS = new Set([
  'id',
  'created_at',
  'channel',
  'category_code',
  'description',
  'site',
  'reporter',
  'attachments',
]);
const SITE_FIELDS = new Set(['insee_code', 'street_address', 'geo']);
const GEO_FIELDS = new Set(['lat', 'lng']);
const REPORTER_FIELDS = new Set(['full_name', 'email', 'phone', 'postal_address']);
const ATTACHMENT_FIELDS = {
  url: 'href',
  mediaType: 'content_type',
  name: 'filename',
  known: new Set(['href', 'content_type', 'filename']),
};

/** `CCG-2026-000123`: the EPCI's prefix, the year, a six-digit sequence. */
export const TICKET_ID = externalIdRule(
  'a ticket id like CCG-2026-000123 (2 to 5 capitals, a year, 6 digits)',
  /^[A-Z]{2,5}-\d{4}-\d{6}$/,
  20,
);
export const EPCI_TIME_EXPECTED =
  'an ISO 8601 date-time with an offset, e.g. 2026-11-29T09:15:00+01:00';
export const EPCI_DESCRIPTION_MAX_LENGTH = 8000;
const DESCRIPTION = descriptionRule(EPCI_DESCRIPTION_MAX_LENGTH);

/** An epci-v1 `ticket.created` message (see schemas/dialects/epci-v1/README.md). */
export function decodeEpciFiling(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedFiling> {
  if (!isRecord(payload)) {
    return refusedWith('', 'an epci-v1 ticket.created message: a JSON object', 'DIALECT.TYPE');
  }
  const issues = new IssueSink();
  refuseUnknownFields(payload, ENVELOPE_FIELDS, '', issues);
  readText(
    payload,
    'message_type',
    '',
    { expected: 'ticket.created', maxLength: 50, test: (value) => value === 'ticket.created' },
    issues,
    'required',
  );
  const ticket = readRecord(payload, 'ticket', '', 'the ticket (an object)', issues, 'required');
  if (ticket === undefined) return refusal(issues);
  refuseUnknownFields(ticket, TICKET_FIELDS, '/ticket', issues);
  const externalId = readText(ticket, 'id', '/ticket', TICKET_ID, issues, 'required');
  const filedAt = readSourceTime(
    ticket,
    'created_at',
    '/ticket',
    (raw) => parseIsoTime(raw, context.timeZone, 'required'),
    EPCI_TIME_EXPECTED,
    issues,
    'required',
  );
  const channel = readCode(
    ticket,
    'channel',
    '/ticket',
    EPCI_VOCABULARY.channelOf,
    EPCI_CODES.channel,
    issues,
  );
  const category = readCode(
    ticket,
    'category_code',
    '/ticket',
    EPCI_VOCABULARY.categoryOf,
    EPCI_CODES.category,
    issues,
  );
  const description = readText(ticket, 'description', '/ticket', DESCRIPTION, issues, 'required');

  let location: DecodedFiling['location'] | undefined;
  const site = readRecord(
    ticket,
    'site',
    '/ticket',
    'where the problem is (an object)',
    issues,
    'required',
  );
  if (site !== undefined) {
    refuseUnknownFields(site, SITE_FIELDS, '/ticket/site', issues);
    const code = readText(
      site,
      'insee_code',
      '/ticket/site',
      FIELD_RULES.inseeCode,
      issues,
      'optional',
    );
    const inseeCode = inseeCodeOrDefault(
      code,
      present(site, 'insee_code'),
      '/ticket/site/insee_code',
      context,
      issues,
    );
    const address = readText(
      site,
      'street_address',
      '/ticket/site',
      FIELD_RULES.address,
      issues,
      'optional',
    );
    let coordinates: DecodedFiling['location']['coordinates'];
    const geo = readRecord(site, 'geo', '/ticket/site', 'a point {lat, lng}', issues, 'optional');
    if (geo !== undefined) {
      refuseUnknownFields(geo, GEO_FIELDS, '/ticket/site/geo', issues);
      coordinates = coordinatesOf(
        readCoordinate(geo, 'lat', '/ticket/site/geo', 90, issues),
        readCoordinate(geo, 'lng', '/ticket/site/geo', 180, issues),
        present(geo, 'lat'),
        present(geo, 'lng'),
        '/ticket/site/geo/lat',
        '/ticket/site/geo/lng',
        issues,
      );
      if (!present(geo, 'lat') && !present(geo, 'lng')) {
        issues.add('/ticket/site/geo', 'a point with lat and lng', 'DIALECT.REQUIRED');
      }
    }
    if (inseeCode !== undefined) location = locationOf(inseeCode, address, coordinates);
  }

  let citizen: DecodedFiling['citizen'] = null;
  const reporter = readRecord(
    ticket,
    'reporter',
    '/ticket',
    'the reporter (an object)',
    issues,
    'optional',
  );
  if (reporter !== undefined) {
    refuseUnknownFields(reporter, REPORTER_FIELDS, '/ticket/reporter', issues);
    citizen = citizenOf(
      readText(
        reporter,
        'full_name',
        '/ticket/reporter',
        FIELD_RULES.citizenName,
        issues,
        'optional',
      ),
      readText(reporter, 'email', '/ticket/reporter', FIELD_RULES.email, issues, 'optional'),
      readText(reporter, 'phone', '/ticket/reporter', FIELD_RULES.phone, issues, 'optional'),
      readText(
        reporter,
        'postal_address',
        '/ticket/reporter',
        FIELD_RULES.address,
        issues,
        'optional',
      ),
    );
  }

  const items = readList(
    ticket,
    'attachments',
    '/ticket',
    'a list of attachments',
    HUB_LIMITS.attachments,
    issues,
  );
  const attachments = attachmentsOf(items, '/ticket/attachments', ATTACHMENT_FIELDS, issues);

  if (
    !issues.empty ||
    externalId === undefined ||
    channel === undefined ||
    category === undefined ||
    description === undefined ||
    location === undefined
  ) {
    return refusal(issues);
  }
  return {
    ok: true,
    value: { externalId, channel, category, description, location, attachments, citizen, filedAt },
  };
}
