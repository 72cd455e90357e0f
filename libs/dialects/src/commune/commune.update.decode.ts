import type { DecodeResult, DecodedUpdate, DialectContext, RequestReference } from '../dialect';
import { readSourceTime } from '../decoding/canonical-fields';
import { FIELD_RULES } from '../decoding/field-rules';
import { HUB_LIMITS } from '../decoding/hub-limits';
import { IssueSink } from '../decoding/issue-sink';
import {
  field,
  isRecord,
  readBoolean,
  readText,
  refuseUnknownFields,
  type JsonRecord,
} from '../decoding/payload-reader';
import { COMPETENT_AUTHORITY_EXPECTED, declinedTo } from '../decoding/declined-to';
import { refusal, refusedWith } from '../decoding/refusal';
import { settableStatus, statusUpdate } from '../decoding/status-update';
import { FRENCH_TIME_EXPECTED, parseFrenchLocalTime } from '../time/source-time-parsers';
import { NUMERO_DEMANDE } from './commune.filing.decode';
import { COMMUNE_VOCABULARY } from './commune.vocabulary';

const COMMON = ['action', 'referenceMaillage', 'numeroDemande', 'dateAction'];
/** The fields each action may carry: anything else is refused. */
const FIELDS_BY_ACTION: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['PRISE_EN_CHARGE', new Set(COMMON)],
  ['CHANGEMENT_STATUT', new Set([...COMMON, 'statut', 'commentaire'])],
  ['COMMENTAIRE', new Set([...COMMON, 'commentaire', 'interne'])],
  ['REOUVERTURE', new Set([...COMMON, 'motif'])],
  ['REFUS_COMPETENCE', new Set([...COMMON, 'motif', 'collectiviteCompetente'])],
]);
const ACTION_EXPECTED = `one of ${[...FIELDS_BY_ACTION.keys()].join(', ')}`;

/** A commune-v1 `suivi` message (see schemas/dialects/commune-v1/README.md). */
export function decodeCommuneUpdate(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedUpdate> {
  if (!isRecord(payload)) {
    return refusedWith('', 'a commune-v1 suivi message: a JSON object', 'DIALECT.TYPE');
  }
  const issues = new IssueSink();
  const action = readText(
    payload,
    'action',
    '',
    { expected: ACTION_EXPECTED, maxLength: 50 },
    issues,
    'required',
  );
  const known = action === undefined ? undefined : FIELDS_BY_ACTION.get(action);
  if (action === undefined || known === undefined) {
    if (action !== undefined) issues.add('/action', ACTION_EXPECTED, 'DIALECT.UNKNOWN_VALUE');
    return refusal(issues);
  }
  refuseUnknownFields(payload, known, '', issues, ` in a ${action} message`);
  const occurredAt = readSourceTime(
    payload,
    'dateAction',
    '',
    (raw) => parseFrenchLocalTime(raw, context.timeZone),
    FRENCH_TIME_EXPECTED,
    issues,
    'optional',
  );
  // Taking a request in charge, the tool names it by the hub id (the hub does not know its number
  // yet) and gives its own number as the reference: both are required then.
  const acknowledging = action === 'PRISE_EN_CHARGE';
  const presence = acknowledging ? 'required' : 'optional';
  const hubId = readText(payload, 'referenceMaillage', '', FIELD_RULES.requestId, issues, presence);
  const numero = readText(payload, 'numeroDemande', '', NUMERO_DEMANDE, issues, presence);

  if (acknowledging) {
    if (!issues.empty || hubId === undefined || numero === undefined) return refusal(issues);
    return {
      ok: true,
      value: {
        kind: 'acknowledge',
        request: { kind: 'hub', requestId: hubId },
        occurredAt,
        externalReference: numero,
      },
    };
  }

  const request = requestReference(payload, hubId, numero, issues);
  const update = decodeChange(action, payload, request, occurredAt, issues, context);
  if (!issues.empty || update === undefined) return refusal(issues);
  return { ok: true, value: update };
}

/** The hub id when given (it cannot be ambiguous), else the tool's own number. */
function requestReference(
  payload: JsonRecord,
  hubId: string | undefined,
  numero: string | undefined,
  issues: IssueSink,
): RequestReference | undefined {
  if (hubId !== undefined) return { kind: 'hub', requestId: hubId };
  if (numero !== undefined) return { kind: 'external', externalId: numero };
  if (field(payload, 'referenceMaillage') == null && field(payload, 'numeroDemande') == null) {
    issues.add('', 'referenceMaillage or numeroDemande, to name the request', 'DIALECT.REQUIRED');
  }
  return undefined;
}

function decodeChange(
  action: string,
  payload: JsonRecord,
  request: RequestReference | undefined,
  occurredAt: DecodedUpdate['occurredAt'],
  issues: IssueSink,
  context: DialectContext,
): DecodedUpdate | undefined {
  switch (action) {
    case 'REFUS_COMPETENCE': {
      const reason = readText(payload, 'motif', '', FIELD_RULES.declineReason, issues, 'required');
      // The commune's tool names the competent authority by its hub id (e.g. departement:45).
      const to = declinedTo(
        readText(
          payload,
          'collectiviteCompetente',
          '',
          { expected: COMPETENT_AUTHORITY_EXPECTED, maxLength: 40 },
          issues,
          'required',
        ),
        '/collectiviteCompetente',
        context,
        issues,
      );
      if (reason === undefined || to === undefined || request === undefined) return undefined;
      return { kind: 'transfer', request, occurredAt, to: [to], reason };
    }
    case 'CHANGEMENT_STATUT': {
      const code = readText(
        payload,
        'statut',
        '',
        {
          expected: `one of ${COMMUNE_VOCABULARY.settableStatusCodes.join(', ')}`,
          maxLength: HUB_LIMITS.rawCode,
        },
        issues,
        'required',
      );
      const entry =
        code === undefined
          ? undefined
          : settableStatus(
              COMMUNE_VOCABULARY,
              code,
              '/statut',
              issues,
              'the PRISE_EN_CHARGE action',
            );
      const note = readText(payload, 'commentaire', '', FIELD_RULES.note, issues, 'optional');
      if (entry === undefined || request === undefined) return undefined;
      return statusUpdate(request, occurredAt, entry, entry.label, note ?? null);
    }
    case 'COMMENTAIRE': {
      const text = readText(payload, 'commentaire', '', FIELD_RULES.comment, issues, 'required');
      const internal = readBoolean(payload, 'interne', '', issues);
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
      const reason = readText(payload, 'motif', '', FIELD_RULES.reason, issues, 'required');
      if (reason === undefined || request === undefined) return undefined;
      return { kind: 'reopen', request, occurredAt, reason };
    }
  }
}
