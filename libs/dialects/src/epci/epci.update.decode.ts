import type { DecodeResult, DecodedUpdate, DialectContext, RequestReference } from '../dialect';
import { readSourceTime } from '../decoding/canonical-fields';
import { FIELD_RULES } from '../decoding/field-rules';
import { IssueSink } from '../decoding/issue-sink';
import {
  field,
  isRecord,
  readBoolean,
  readRecord,
  readText,
  refuseUnknownFields,
  type JsonRecord,
} from '../decoding/payload-reader';
import { COMPETENT_AUTHORITY_EXPECTED, declinedTo } from '../decoding/declined-to';
import { refusal, refusedWith } from '../decoding/refusal';
import { settableStatus, statusUpdate } from '../decoding/status-update';
import { parseIsoTime } from '../time/source-time-parsers';
import { EPCI_TIME_EXPECTED, TICKET_ID } from './epci.filing.decode';
import { EPCI_VOCABULARY } from './epci.vocabulary';

const COMMON = ['message_type', 'ticket_id', 'hub_id', 'occurred_at'];
const FIELDS_BY_TYPE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['ticket.accepted', new Set(COMMON)],
  ['ticket.status_changed', new Set([...COMMON, 'status', 'status_note'])],
  ['ticket.commented', new Set([...COMMON, 'comment'])],
  ['ticket.reopened', new Set([...COMMON, 'reason'])],
  ['ticket.declined', new Set([...COMMON, 'reason', 'competent_authority'])],
]);
const TYPE_EXPECTED = `one of ${[...FIELDS_BY_TYPE.keys()].join(', ')}`;
const COMMENT_FIELDS = new Set(['body', 'private']);
const STATUS_EXPECTED = `an integer status code, one of ${EPCI_VOCABULARY.settableStatusCodes.join(', ')}`;

/** An epci-v1 update message (see schemas/dialects/epci-v1/README.md). */
export function decodeEpciUpdate(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedUpdate> {
  if (!isRecord(payload)) {
    return refusedWith('', 'an epci-v1 ticket message: a JSON object', 'DIALECT.TYPE');
  }
  const issues = new IssueSink();
  const type = readText(
    payload,
    'message_type',
    '',
    { expected: TYPE_EXPECTED, maxLength: 50 },
    issues,
    'required',
  );
  const known = type === undefined ? undefined : FIELDS_BY_TYPE.get(type);
  if (type === undefined || known === undefined) {
    if (type !== undefined) issues.add('/message_type', TYPE_EXPECTED, 'DIALECT.UNKNOWN_VALUE');
    return refusal(issues);
  }
  refuseUnknownFields(payload, known, '', issues, ` in a ${type} message`);
  const occurredAt = readSourceTime(
    payload,
    'occurred_at',
    '',
    (raw) => parseIsoTime(raw, context.timeZone, 'required'),
    EPCI_TIME_EXPECTED,
    issues,
    'required',
  );
  // Accepting a ticket, the tool names it by the hub id and gives its own ticket id: both needed.
  const accepting = type === 'ticket.accepted';
  const presence = accepting ? 'required' : 'optional';
  const hubId = readText(payload, 'hub_id', '', FIELD_RULES.requestId, issues, presence);
  const ticketId = readText(payload, 'ticket_id', '', TICKET_ID, issues, presence);

  if (accepting) {
    if (!issues.empty || hubId === undefined || ticketId === undefined) return refusal(issues);
    return {
      ok: true,
      value: {
        kind: 'acknowledge',
        request: { kind: 'hub', requestId: hubId },
        occurredAt,
        externalReference: ticketId,
      },
    };
  }

  let request: RequestReference | undefined;
  if (hubId !== undefined) request = { kind: 'hub', requestId: hubId };
  else if (ticketId !== undefined) request = { kind: 'external', externalId: ticketId };
  else if (field(payload, 'hub_id') == null && field(payload, 'ticket_id') == null) {
    issues.add('', 'hub_id or ticket_id, to name the ticket', 'DIALECT.REQUIRED');
  }
  const update = decodeChange(type, payload, request, occurredAt, issues, context);
  if (!issues.empty || update === undefined) return refusal(issues);
  return { ok: true, value: update };
}

function decodeChange(
  type: string,
  payload: JsonRecord,
  request: RequestReference | undefined,
  occurredAt: DecodedUpdate['occurredAt'],
  issues: IssueSink,
  context: DialectContext,
): DecodedUpdate | undefined {
  switch (type) {
    case 'ticket.declined': {
      const reason = readText(payload, 'reason', '', FIELD_RULES.declineReason, issues, 'required');
      const to = declinedTo(
        competentAuthority(payload, issues),
        '/competent_authority',
        context,
        issues,
      );
      if (reason === undefined || to === undefined || request === undefined) return undefined;
      return { kind: 'transfer', request, occurredAt, to: [to], reason };
    }
    case 'ticket.status_changed': {
      const status = field(payload, 'status');
      let code: string | undefined;
      if (status === undefined || status === null) {
        issues.add('/status', STATUS_EXPECTED, 'DIALECT.REQUIRED');
      } else if (typeof status !== 'number' || !Number.isSafeInteger(status)) {
        issues.add('/status', STATUS_EXPECTED, 'DIALECT.TYPE');
      } else {
        code = String(status);
      }
      const entry =
        code === undefined
          ? undefined
          : settableStatus(EPCI_VOCABULARY, code, '/status', issues, 'ticket.accepted');
      const note = readText(payload, 'status_note', '', FIELD_RULES.note, issues, 'optional');
      if (entry === undefined || request === undefined) return undefined;
      return statusUpdate(request, occurredAt, entry, entry.label, note ?? null);
    }
    case 'ticket.commented': {
      const comment = readRecord(
        payload,
        'comment',
        '',
        'the comment {body, private}',
        issues,
        'required',
      );
      if (comment === undefined) return undefined;
      refuseUnknownFields(comment, COMMENT_FIELDS, '/comment', issues);
      const text = readText(comment, 'body', '/comment', FIELD_RULES.comment, issues, 'required');
      const internal = readBoolean(comment, 'private', '/comment', issues);
      if (text === undefined || request === undefined) return undefined;
      return {
        kind: 'comment',
        request,
        occurredAt,
        text,
        visibility: internal === true ? 'internal' : 'public',
      };
    }
    default: {
      const reason = readText(payload, 'reason', '', FIELD_RULES.reason, issues, 'required');
      if (reason === undefined || request === undefined) return undefined;
      return { kind: 'reopen', request, occurredAt, reason };
    }
  }
}

const LEVELS: ReadonlySet<string> = new Set(['commune', 'epci', 'departement']);

/** `competent_authority: { level, code }`, as the EPCI tool names an authority, as a hub id. */
function competentAuthority(payload: JsonRecord, issues: IssueSink): string | undefined {
  const value = field(payload, 'competent_authority');
  if (value == null) {
    issues.add('/competent_authority', COMPETENT_AUTHORITY_EXPECTED, 'DIALECT.REQUIRED');
    return undefined;
  }
  if (!isRecord(value)) {
    issues.add(
      '/competent_authority',
      `${COMPETENT_AUTHORITY_EXPECTED} ({ level, code })`,
      'DIALECT.TYPE',
    );
    return undefined;
  }
  refuseUnknownFields(value, new Set(['level', 'code']), '/competent_authority', issues, '');
  const level = readText(
    value,
    'level',
    '/competent_authority',
    { expected: 'commune, epci or departement', maxLength: 20 },
    issues,
    'required',
  );
  if (level !== undefined && !LEVELS.has(level)) {
    issues.add(
      '/competent_authority/level',
      'commune, epci or departement',
      'DIALECT.UNKNOWN_VALUE',
    );
    return undefined;
  }
  const code = readText(
    value,
    'code',
    '/competent_authority',
    { expected: 'the INSEE code, SIREN or département code', maxLength: 9 },
    issues,
    'required',
  );
  return level === undefined || code === undefined ? undefined : `${level}:${code}`;
}
