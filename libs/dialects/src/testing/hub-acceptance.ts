import {
  CHANNELS,
  decide,
  DomainError,
  type FiledRequestState,
  type ServiceRequestCommand,
} from '@maillage/domain';
import { isEmail, isISO8601, isURL } from 'class-validator';
import type { DecodedFiling, DecodedUpdate } from '../dialect';
import { CANONICAL_CATEGORIES } from '../vocabulary/canonical-categories';
import { HUB_ID } from './sample-contexts';

/*
 * What the hub would say of a decoded command: the domain's decider (the invariants every entry
 * point goes through) and the HTTP DTOs' rules (libs/http-api/src/requests/dto), re-checked here
 * with class-validator's own functions so that the dialects can never be laxer than the API.
 */

const PRINTABLE = /^[\x21-\x7e]+$/;
const CATEGORY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+){0,4}$/;
const INSEE = /^(\d{5}|2[AB]\d{3})$/;
const PHONE = /^\+?[0-9 ().-]{6,30}$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function domainRefusal(
  command: ServiceRequestCommand,
  state: FiledRequestState | { status: 'empty' },
) {
  try {
    decide(command, state);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** Why the hub would refuse to file this, or [] when it would accept it. */
export function filingProblems(filing: DecodedFiling, authority: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  check(PRINTABLE.test(filing.externalId) && filing.externalId.length <= 200, 'externalId');
  check((CHANNELS as readonly string[]).includes(filing.channel), 'channel');
  check(CATEGORY.test(filing.category) && CANONICAL_CATEGORIES.has(filing.category), 'category');
  check(filing.description !== '' && filing.description.length <= 10_000, 'description');
  const { location, citizen } = filing;
  check(INSEE.test(location.inseeCode), 'location.inseeCode');
  if (location.address !== undefined) check(location.address.length <= 500, 'location.address');
  if (location.coordinates !== undefined) {
    // As the DTO: a finite number within range (IsNumber, Min, Max), exponents included.
    const within = (value: number, bound: number) =>
      typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= bound;
    check(within(location.coordinates.lat, 90), 'location.coordinates.lat');
    check(within(location.coordinates.lon, 180), 'location.coordinates.lon');
  }
  if (citizen !== null) {
    if (citizen.name !== undefined) check(citizen.name.length <= 200, 'citizen.name');
    if (citizen.email !== undefined)
      check(isEmail(citizen.email) && citizen.email.length <= 254, 'citizen.email');
    if (citizen.phone !== undefined) check(PHONE.test(citizen.phone), 'citizen.phone');
    if (citizen.address !== undefined) check(citizen.address.length <= 500, 'citizen.address');
  }
  check(filing.attachments.length <= 20, 'attachments');
  filing.attachments.forEach((attachment, index) => {
    check(
      attachment.url.length <= 2000 &&
        isURL(attachment.url, {
          protocols: ['https', 'http'],
          require_protocol: true,
          require_tld: false,
        }),
      `attachments[${index}].url`,
    );
    if (attachment.mediaType !== undefined)
      check(MEDIA_TYPE.test(attachment.mediaType), `attachments[${index}].mediaType`);
    if (attachment.name !== undefined)
      check(attachment.name.length <= 255, `attachments[${index}].name`);
  });
  if (filing.filedAt !== null) {
    check(
      isISO8601(filing.filedAt.utc, { strict: true, strictSeparator: true }) &&
        /(Z|[+-]\d{2}:\d{2})$/.test(filing.filedAt.utc),
      'filedAt',
    );
  }
  const refusal = domainRefusal(
    {
      type: 'FileRequest',
      requestId: HUB_ID,
      actor: { authority, connector: 'test-connector' },
      source: { authority, connector: 'test-connector', externalId: filing.externalId },
      channel: filing.channel,
      category: filing.category,
      description: filing.description,
      location: filing.location,
      attachments: [...filing.attachments],
      citizen: filing.citizen === null ? null : { subjectId: 'subject-1', ...filing.citizen },
      filedAt: filing.filedAt?.utc ?? '2026-11-29T08:15:00Z',
      routing: {
        targets: ['departement:45'],
        rule: { id: 'test', version: '1' },
        reason: 'test routing',
      },
    },
    { status: 'empty' },
  );
  if (refusal !== null) problems.push(`decide: ${refusal.code} ${refusal.field ?? ''}`);
  return problems;
}

/** Why the hub would refuse this update as input (not for the request's state), or []. */
export function updateProblems(update: DecodedUpdate, authority: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  if (update.request.kind === 'hub') check(UUID.test(update.request.requestId), 'requestId');
  else
    check(
      PRINTABLE.test(update.request.externalId) && update.request.externalId.length <= 200,
      'externalId',
    );
  if (update.occurredAt !== null) {
    check(isISO8601(update.occurredAt.utc, { strict: true, strictSeparator: true }), 'occurredAt');
  }
  const actor = { authority, connector: 'test-connector' };
  let command: ServiceRequestCommand;
  switch (update.kind) {
    case 'acknowledge':
      check(
        PRINTABLE.test(update.externalReference) && update.externalReference.length <= 200,
        'externalReference',
      );
      command = { type: 'AcknowledgeRequest', actor, externalReference: update.externalReference };
      break;
    case 'status':
      check(update.raw.code !== '' && update.raw.code.length <= 100, 'raw.code');
      check(update.raw.label !== '' && update.raw.label.length <= 300, 'raw.label');
      check(update.note === null || update.note.length <= 2000, 'note');
      command = { type: 'ChangeStatus', actor, to: update.to, raw: update.raw, note: update.note };
      break;
    case 'close':
      if (update.raw !== null) {
        check(update.raw.code !== '' && update.raw.code.length <= 100, 'raw.code');
        check(update.raw.label !== '' && update.raw.label.length <= 300, 'raw.label');
      }
      check(update.note === null || update.note.length <= 2000, 'note');
      command = {
        type: 'CloseRequest',
        actor,
        outcome: update.outcome,
        raw: update.raw,
        note: update.note,
      };
      break;
    case 'comment':
      check(update.text !== '' && update.text.length <= 5000, 'text');
      command = {
        type: 'AddComment',
        actor,
        commentId: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
        text: update.text,
        visibility: update.visibility,
      };
      break;
    case 'reopen':
      check(update.reason !== '' && update.reason.length <= 2000, 'reason');
      command = { type: 'ReopenRequest', actor, reason: update.reason };
      break;
    case 'transfer':
      check(update.reason !== '' && update.reason.length <= 2000, 'reason');
      command = {
        type: 'TransferRequest',
        actor,
        to: [...update.to],
        reason: update.reason,
        rule: { id: 'transfer.declared', version: '1' },
      };
      break;
  }
  const state: FiledRequestState = {
    status: 'in_progress',
    lifecycle: 'open',
    requestId: HUB_ID,
    origin: authority,
    source: { authority, connector: 'test-connector', externalId: 'X-1' },
    category: 'roads.municipal',
    targets: [authority],
    acknowledgements: {},
  };
  const refusal = domainRefusal(command, state);
  // The state may make a command illegal (a reopening of an open request): only bad input counts.
  if (refusal !== null && refusal.code === 'REQUEST.INVALID')
    problems.push(`decide: ${refusal.code} ${refusal.field ?? ''}`);
  return problems;
}
