import { createHash } from 'node:crypto';
import type { DecodeResult, DecodedFiling, DialectContext } from '../dialect';
import {
  citizenOf,
  coordinatesOf,
  inseeCodeOrDefault,
  locationOf,
} from '../decoding/canonical-fields';
import { FIELD_RULES, descriptionRule } from '../decoding/field-rules';
import { HUB_LIMITS } from '../decoding/hub-limits';
import { IssueSink } from '../decoding/issue-sink';
import { pointerTo, pointerToUnknown } from '../decoding/json-pointer';
import {
  checkText,
  field,
  isRecord,
  readCoordinate,
  type JsonRecord,
  type Presence,
  type TextRule,
} from '../decoding/payload-reader';
import { refusal, refusedWith } from '../decoding/refusal';
import { OPEN311_VOCABULARY } from './open311.vocabulary';

/** The arguments of GeoReport v2 `POST requests`; `attribute[<code>]` adds the service's own. */
const STANDARD_FIELDS = new Set([
  'jurisdiction_id',
  'api_key',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
  'attribute',
]);
/** `attribute[CODE]` as a form carries it, `attribute[CODE][]` for a multi-valued list. */
const ATTRIBUTE_KEY = /^attribute\[([^[\]]{1,100})\](?:\[\])?$/;
const ATTRIBUTE_CODE = /^[^[\]]{1,100}$/;
const MAX_ATTRIBUTES = 50;
const MAX_ATTRIBUTE_VALUES = 20;
const ATTRIBUTE_VALUE: TextRule = {
  expected: 'an attribute value',
  maxLength: 1000,
  allowBlank: true,
};
/** GeoReport v2 limits descriptions to 4,000 characters. */
export const OPEN311_DESCRIPTION_MAX_LENGTH = 4000;
const DESCRIPTION = descriptionRule(OPEN311_DESCRIPTION_MAX_LENGTH);
const IDENTIFIER: TextRule = {
  expected: 'an identifier of at most 200 characters',
  maxLength: 200,
};
const SERVICE_CODE: TextRule = {
  expected: 'a service_code listed by GET services.json',
  maxLength: 100,
};
const JURISDICTION: TextRule = {
  expected:
    "the INSEE code of the commune the request is about (5 characters, e.g. 45155): this hub's jurisdictions are communes",
  maxLength: 5,
  test: FIELD_RULES.inseeCode.test,
  fixedFormat: true,
};
const KNOWN_FIELDS = `${[...STANDARD_FIELDS].join(', ')}, attribute[<code>]`;

/**
 * Reads a field the way a form leaves it: an empty string is a field left blank, i.e. absent
 * (browsers send every input of a form, filled or not).
 */
function formText(
  record: JsonRecord,
  key: string,
  rule: TextRule,
  issues: IssueSink,
  presence: Presence,
): string | undefined {
  const value = field(record, key);
  if (value === undefined || value === null || value === '') {
    if (presence === 'required') issues.add(pointerTo('', key), rule.expected, 'DIALECT.REQUIRED');
    return undefined;
  }
  return checkText(value, pointerTo('', key), rule, issues);
}

function blank(record: JsonRecord, key: string): boolean {
  const value = field(record, key);
  return value === undefined || value === null || value === '';
}

/** Checks the service-specific attributes, and returns them sorted by code (for the id). */
function readAttributes(payload: JsonRecord, issues: IssueSink): [string, unknown][] {
  const attributes: [string, unknown][] = [];
  const check = (code: string, value: unknown, pointer: string) => {
    if (attributes.length >= MAX_ATTRIBUTES) {
      issues.add(pointer, `at most ${MAX_ATTRIBUTES} attributes`, 'DIALECT.TOO_LONG');
      return;
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ATTRIBUTE_VALUES) {
        issues.add(pointer, `at most ${MAX_ATTRIBUTE_VALUES} values`, 'DIALECT.TOO_LONG');
        return;
      }
      value.forEach((item, index) =>
        checkText(item, pointerTo(pointer, index), ATTRIBUTE_VALUE, issues),
      );
    } else {
      checkText(value, pointer, ATTRIBUTE_VALUE, issues);
    }
    attributes.push([code, value]);
  };
  for (const key in payload) {
    if (!Object.hasOwn(payload, key)) continue;
    if (STANDARD_FIELDS.has(key)) continue;
    const match = ATTRIBUTE_KEY.exec(key);
    if (match === null) {
      issues.add(
        pointerToUnknown('', key),
        `no field ${JSON.stringify(key.slice(0, 100))} in a GeoReport v2 request; known fields: ${KNOWN_FIELDS}`,
        'DIALECT.UNKNOWN_FIELD',
      );
    } else {
      check(match[1] ?? '', payload[key], pointerTo('', key));
    }
    if (issues.full) return attributes;
  }
  const nested = field(payload, 'attribute');
  if (nested !== undefined && nested !== null) {
    if (!isRecord(nested)) {
      issues.add('/attribute', 'an object of attribute values by attribute code', 'DIALECT.TYPE');
    } else {
      for (const code in nested) {
        if (!Object.hasOwn(nested, code)) continue;
        if (!ATTRIBUTE_CODE.test(code)) {
          issues.add(
            pointerToUnknown('/attribute', code),
            'an attribute code (1 to 100 characters, no brackets)',
            'DIALECT.FORMAT',
          );
        } else {
          check(code, nested[code], pointerTo('/attribute', code));
        }
        if (issues.full) break;
      }
    }
  }
  return attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * GeoReport v2 has no client-side id for a request, so the hub derives one from what was reported
 * (never from who reported it): a client's retry of the same POST is then recognised as a repeat.
 * Two byte-identical reports of the same problem count as one.
 */
function reportId(parts: readonly unknown[]): string {
  return `O311-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}

/**
 * A GeoReport v2 `POST requests` body, as JSON or as a form parser yields it (strings throughout,
 * `attribute[x]` keys). See schemas/dialects/open311-v2/README.md.
 */
export function decodeOpen311Filing(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedFiling> {
  if (!isRecord(payload)) {
    return refusedWith(
      '',
      'a GeoReport v2 service request: an object of arguments',
      'DIALECT.TYPE',
    );
  }
  const issues = new IssueSink();
  const attributes = readAttributes(payload, issues);
  formText(payload, 'api_key', IDENTIFIER, issues, 'optional');
  const jurisdiction = formText(payload, 'jurisdiction_id', JURISDICTION, issues, 'optional');
  const inseeCode = inseeCodeOrDefault(
    jurisdiction,
    !blank(payload, 'jurisdiction_id'),
    '/jurisdiction_id',
    context,
    issues,
  );
  const serviceCode = formText(payload, 'service_code', SERVICE_CODE, issues, 'required');
  const service = serviceCode === undefined ? undefined : OPEN311_VOCABULARY.serviceOf(serviceCode);
  if (serviceCode !== undefined && service === undefined) {
    issues.add('/service_code', SERVICE_CODE.expected, 'DIALECT.UNKNOWN_VALUE');
  }
  const description = formText(payload, 'description', DESCRIPTION, issues, 'required');
  const lat = blank(payload, 'lat')
    ? undefined
    : readCoordinate(payload, 'lat', '', 90, issues, true);
  const long = blank(payload, 'long')
    ? undefined
    : readCoordinate(payload, 'long', '', 180, issues, true);
  const coordinates = coordinatesOf(
    lat,
    long,
    !blank(payload, 'lat'),
    !blank(payload, 'long'),
    '/lat',
    '/long',
    issues,
  );
  const address = formText(payload, 'address_string', FIELD_RULES.address, issues, 'optional');
  const addressId = formText(payload, 'address_id', IDENTIFIER, issues, 'optional');
  if (
    blank(payload, 'lat') &&
    blank(payload, 'long') &&
    blank(payload, 'address_string') &&
    blank(payload, 'address_id')
  ) {
    issues.add(
      '',
      'where the problem is: lat and long, address_string or address_id',
      'DIALECT.REQUIRED',
    );
  }
  const mediaUrl = formText(payload, 'media_url', FIELD_RULES.url, issues, 'optional');
  const deviceId = formText(payload, 'device_id', IDENTIFIER, issues, 'optional');
  formText(payload, 'account_id', IDENTIFIER, issues, 'optional');
  const firstName = formText(payload, 'first_name', FIELD_RULES.citizenName, issues, 'optional');
  const lastName = formText(payload, 'last_name', FIELD_RULES.citizenName, issues, 'optional');
  const name =
    firstName === undefined
      ? lastName
      : lastName === undefined
        ? firstName
        : `${firstName} ${lastName}`;
  if (name !== undefined && name.length > HUB_LIMITS.citizenName) {
    issues.add(
      '/last_name',
      `first_name and last_name of at most ${HUB_LIMITS.citizenName} characters together`,
      'DIALECT.TOO_LONG',
    );
  }
  const email = formText(payload, 'email', FIELD_RULES.email, issues, 'optional');
  const phone = formText(payload, 'phone', FIELD_RULES.phone, issues, 'optional');

  if (
    !issues.empty ||
    service === undefined ||
    description === undefined ||
    inseeCode === undefined
  ) {
    return refusal(issues);
  }
  const location = locationOf(inseeCode, address, coordinates);
  return {
    ok: true,
    value: {
      externalId: reportId([
        inseeCode,
        service.code,
        description,
        coordinates?.lat ?? null,
        coordinates?.lon ?? null,
        address ?? null,
        addressId ?? null,
        mediaUrl ?? null,
        attributes,
      ]),
      // GeoReport v2 clients are apps and web forms; a device_id is what a mobile app sends.
      channel: deviceId === undefined ? 'web' : 'mobile_app',
      category: service.canonical,
      description,
      location,
      attachments: mediaUrl === undefined ? [] : [{ url: mediaUrl }],
      citizen: citizenOf(name, email, phone, undefined),
      // GeoReport v2 has no filing time: the hub's receipt time stands for it.
      filedAt: null,
    },
  };
}
