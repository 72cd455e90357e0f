import {
  HUB_LIMITS,
  isEmail,
  isHttpUrl,
  isInseeCode,
  isMediaType,
  isPhone,
  isPrintableId,
  isRequestId,
} from './hub-limits';
import type { TextRule } from './payload-reader';

/** Text rules for the canonical fields every dialect carries, at the hub's limits. */
export const FIELD_RULES = {
  inseeCode: {
    expected: 'an INSEE commune code (5 characters, e.g. 45155 or 2A004)',
    maxLength: 5,
    test: isInseeCode,
    fixedFormat: true,
  },
  requestId: {
    expected: 'a hub request id (a lowercase UUID)',
    maxLength: 36,
    test: isRequestId,
    fixedFormat: true,
  },
  /** The acknowledging tool's own reference for a request (the DTO's `externalReference`). */
  reference: {
    expected: "the tool's own reference: printable ASCII without spaces, at most 200 characters",
    maxLength: HUB_LIMITS.externalId,
    test: isPrintableId,
    fixedFormat: true,
  },
  address: { expected: 'a postal address', maxLength: HUB_LIMITS.address },
  citizenName: { expected: "the citizen's name", maxLength: HUB_LIMITS.citizenName },
  email: { expected: 'an e-mail address', maxLength: HUB_LIMITS.email, test: isEmail },
  phone: {
    expected: 'a phone number (digits, spaces, + ( ) . -; 6 to 30 characters)',
    maxLength: 30,
    test: isPhone,
  },
  url: {
    expected: 'an absolute http or https URL',
    maxLength: HUB_LIMITS.url,
    test: isHttpUrl,
  },
  mediaType: {
    expected: 'a media type such as image/jpeg',
    maxLength: HUB_LIMITS.mediaType,
    test: isMediaType,
  },
  attachmentName: { expected: 'a file name', maxLength: HUB_LIMITS.attachmentName },
  note: { expected: 'a note about the status', maxLength: HUB_LIMITS.note },
  comment: { expected: 'the text of the comment', maxLength: HUB_LIMITS.comment },
  reason: { expected: 'why the request is reopened', maxLength: HUB_LIMITS.reason },
  declineReason: {
    expected: 'why the authority declines competence',
    maxLength: HUB_LIMITS.reason,
  },
} as const satisfies Record<string, TextRule>;

/** A rule for a dialect's own id format, within the hub's external id limits. */
export function externalIdRule(expected: string, pattern: RegExp, maxLength: number): TextRule {
  return {
    expected,
    maxLength: Math.min(maxLength, HUB_LIMITS.externalId),
    test: (value) => pattern.test(value) && isPrintableId(value),
    fixedFormat: true,
  };
}

/** A rule for a free-text description, at most `maxLength` (never above the hub's limit). */
export function descriptionRule(maxLength: number): TextRule {
  return {
    expected: 'a description of the request',
    maxLength: Math.min(maxLength, HUB_LIMITS.description),
  };
}
