import type { Attachment, Location } from '@maillage/domain';
import type { DecodedFiling, DialectContext, SourceTime } from '../dialect';
import type { ParsedTime } from '../time/source-time-parsers';
import { FIELD_RULES } from './field-rules';
import { HUB_LIMITS, isInseeCode } from './hub-limits';
import type { IssueSink } from './issue-sink';
import { pointerTo } from './json-pointer';
import {
  field,
  isRecord,
  readText,
  refuseUnknownFields,
  type JsonRecord,
  type Presence,
} from './payload-reader';

/*
 * Readers for canonical values that every dialect spells its own way: times, vocabulary codes,
 * locations, citizens and attachments. Field names are the dialect's; rules are the hub's.
 */

export function readSourceTime(
  record: JsonRecord,
  key: string,
  at: string,
  parse: (raw: string) => ParsedTime,
  expected: string,
  issues: IssueSink,
  presence: Presence,
): SourceTime | null {
  const raw = readText(record, key, at, { expected, maxLength: 40 }, issues, presence);
  if (raw === undefined) return null;
  const parsed = parse(raw);
  if (parsed.ok) return parsed.time;
  issues.add(pointerTo(at, key), parsed.expected, parsed.code);
  return null;
}

/** A native code looked up in a vocabulary table; `expected` lists or points to the codes. */
export function readCode<T>(
  record: JsonRecord,
  key: string,
  at: string,
  lookup: (code: string) => T | undefined,
  expected: string,
  issues: IssueSink,
): T | undefined {
  const code = readText(
    record,
    key,
    at,
    { expected, maxLength: HUB_LIMITS.rawCode },
    issues,
    'required',
  );
  if (code === undefined) return undefined;
  const value = lookup(code);
  if (value === undefined) issues.add(pointerTo(at, key), expected, 'DIALECT.UNKNOWN_VALUE');
  return value;
}

/**
 * The commune a filing is about: the code it names, else the connector's default commune (a
 * commune's own tool often leaves it out). Never guessed from an address.
 */
export function inseeCodeOrDefault(
  code: string | undefined,
  present: boolean,
  pointer: string,
  context: DialectContext,
  issues: IssueSink,
): string | undefined {
  if (code !== undefined || present) return code;
  const fallback = context.defaultInseeCode;
  if (fallback !== null && isInseeCode(fallback)) return fallback;
  issues.add(
    pointer,
    `${FIELD_RULES.inseeCode.expected}: this connector has no default commune`,
    'DIALECT.REQUIRED',
  );
  return undefined;
}

/** Latitude and longitude travel together: one without the other is refused. */
export function coordinatesOf(
  lat: number | undefined,
  lon: number | undefined,
  latPresent: boolean,
  lonPresent: boolean,
  latPointer: string,
  lonPointer: string,
  issues: IssueSink,
): Location['coordinates'] | undefined {
  if (lat !== undefined && lon !== undefined) return { lat, lon };
  if (latPresent && !lonPresent)
    issues.add(lonPointer, 'a longitude, since a latitude is given', 'DIALECT.CONFLICT');
  if (lonPresent && !latPresent)
    issues.add(latPointer, 'a latitude, since a longitude is given', 'DIALECT.CONFLICT');
  return undefined;
}

/** True when the field is there and not null. */
export function present(record: JsonRecord, key: string): boolean {
  const value = field(record, key);
  return value !== undefined && value !== null;
}

export function locationOf(
  inseeCode: string,
  address: string | undefined,
  coordinates: Location['coordinates'] | undefined,
): Location {
  if (address === undefined)
    return coordinates === undefined ? { inseeCode } : { inseeCode, coordinates };
  return coordinates === undefined ? { inseeCode, address } : { inseeCode, address, coordinates };
}

type Citizen = NonNullable<DecodedFiling['citizen']>;

/** The citizen's contact with only the fields given; null when none is. */
export function citizenOf(
  name: string | undefined,
  email: string | undefined,
  phone: string | undefined,
  address: string | undefined,
): Citizen | null {
  if (name === undefined && email === undefined && phone === undefined && address === undefined) {
    return null;
  }
  const citizen: { name?: string; email?: string; phone?: string; address?: string } = {};
  if (name !== undefined) citizen.name = name;
  if (email !== undefined) citizen.email = email;
  if (phone !== undefined) citizen.phone = phone;
  if (address !== undefined) citizen.address = address;
  return citizen;
}

/** How a dialect names the three fields of an attachment. */
export interface AttachmentFields {
  readonly url: string;
  readonly mediaType: string;
  readonly name: string;
  readonly known: ReadonlySet<string>;
}

/** A list of attachment objects (already checked to be a list of at most 20). */
export function attachmentsOf(
  items: readonly unknown[] | undefined,
  at: string,
  names: AttachmentFields,
  issues: IssueSink,
): Attachment[] {
  if (items === undefined) return [];
  const attachments: Attachment[] = [];
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    const pointer = pointerTo(at, index);
    if (!isRecord(item)) {
      issues.add(pointer, `an attachment object with ${names.url}`, 'DIALECT.TYPE');
      continue;
    }
    refuseUnknownFields(item, names.known, pointer, issues);
    const url = readText(item, names.url, pointer, FIELD_RULES.url, issues, 'required');
    const mediaType = readText(
      item,
      names.mediaType,
      pointer,
      FIELD_RULES.mediaType,
      issues,
      'optional',
    );
    const name = readText(
      item,
      names.name,
      pointer,
      FIELD_RULES.attachmentName,
      issues,
      'optional',
    );
    if (url === undefined) continue;
    const attachment: { url: string; mediaType?: string; name?: string } = { url };
    if (mediaType !== undefined) attachment.mediaType = mediaType;
    if (name !== undefined) attachment.name = name;
    attachments.push(attachment);
  }
  return attachments;
}
