import type { DecodeResult, DecodedUpdate, DialectContext, RequestReference } from '../dialect';
import { readSourceTime } from '../decoding/canonical-fields';
import { FIELD_RULES } from '../decoding/field-rules';
import { HUB_LIMITS } from '../decoding/hub-limits';
import { IssueSink } from '../decoding/issue-sink';
import {
  field,
  isRecord,
  readText,
  refuseUnknownFields,
  type JsonRecord,
} from '../decoding/payload-reader';
import { COMPETENT_AUTHORITY_EXPECTED, declinedTo } from '../decoding/declined-to';
import { refusal, refusedWith } from '../decoding/refusal';
import { settableStatus, statusUpdate } from '../decoding/status-update';
import { parseIsoTime } from '../time/source-time-parsers';
import { DEPARTEMENT_TIME_EXPECTED, ID_DEMANDE } from './departement.filing.decode';
import { DEPARTEMENT_VOCABULARY } from './departement.vocabulary';

const COMMON = ['TYPE_MESSAGE', 'ID_DEMANDE', 'ID_MAILLAGE', 'DATE_EVENEMENT'];
const FIELDS_BY_TYPE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['ACCUSE_RECEPTION', new Set(COMMON)],
  ['CHANGEMENT_STATUT', new Set([...COMMON, 'CODE_STATUT', 'LIBELLE_STATUT', 'OBSERVATION'])],
  ['COMMENTAIRE', new Set([...COMMON, 'TEXTE', 'VISIBILITE'])],
  ['REOUVERTURE', new Set([...COMMON, 'MOTIF'])],
  ['REFUS_COMPETENCE', new Set([...COMMON, 'MOTIF', 'TYPE_COLLECTIVITE', 'CODE_COLLECTIVITE'])],
]);
const TYPE_EXPECTED = `one of ${[...FIELDS_BY_TYPE.keys()].join(', ')}`;
const LEVEL_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['COMMUNE', 'commune'],
  ['EPCI', 'epci'],
  ['DEPARTEMENT', 'departement'],
]);
const VISIBILITIES: ReadonlyMap<string, 'public' | 'internal'> = new Map([
  ['PUBLIQUE', 'public'],
  ['INTERNE', 'internal'],
]);

/** A departement-v1 update message (see schemas/dialects/departement-v1/README.md). */
export function decodeDepartementUpdate(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedUpdate> {
  if (!isRecord(payload)) {
    return refusedWith('', 'a departement-v1 message: a JSON object', 'DIALECT.TYPE');
  }
  const issues = new IssueSink();
  const type = readText(
    payload,
    'TYPE_MESSAGE',
    '',
    { expected: TYPE_EXPECTED, maxLength: 50 },
    issues,
    'required',
  );
  const known = type === undefined ? undefined : FIELDS_BY_TYPE.get(type);
  if (type === undefined || known === undefined) {
    if (type !== undefined) issues.add('/TYPE_MESSAGE', TYPE_EXPECTED, 'DIALECT.UNKNOWN_VALUE');
    return refusal(issues);
  }
  refuseUnknownFields(payload, known, '', issues, ` in a ${type} message`);
  const occurredAt = readSourceTime(
    payload,
    'DATE_EVENEMENT',
    '',
    (raw) => parseIsoTime(raw, context.timeZone, 'optional'),
    DEPARTEMENT_TIME_EXPECTED,
    issues,
    'optional',
  );
  // An acknowledgement names the request by the hub id and gives the tool's own id: both needed.
  const acknowledging = type === 'ACCUSE_RECEPTION';
  const presence = acknowledging ? 'required' : 'optional';
  const hubId = readText(payload, 'ID_MAILLAGE', '', FIELD_RULES.requestId, issues, presence);
  const ownId = readText(payload, 'ID_DEMANDE', '', ID_DEMANDE, issues, presence);

  if (acknowledging) {
    if (!issues.empty || hubId === undefined || ownId === undefined) return refusal(issues);
    return {
      ok: true,
      value: {
        kind: 'acknowledge',
        request: { kind: 'hub', requestId: hubId },
        occurredAt,
        externalReference: ownId,
      },
    };
  }

  let request: RequestReference | undefined;
  if (hubId !== undefined) request = { kind: 'hub', requestId: hubId };
  else if (ownId !== undefined) request = { kind: 'external', externalId: ownId };
  else if (field(payload, 'ID_MAILLAGE') == null && field(payload, 'ID_DEMANDE') == null) {
    issues.add('', 'ID_MAILLAGE or ID_DEMANDE, to name the request', 'DIALECT.REQUIRED');
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
    case 'REFUS_COMPETENCE': {
      const reason = readText(payload, 'MOTIF', '', FIELD_RULES.declineReason, issues, 'required');
      const level = readText(
        payload,
        'TYPE_COLLECTIVITE',
        '',
        { expected: 'COMMUNE, EPCI or DEPARTEMENT', maxLength: 20 },
        issues,
        'required',
      );
      const prefix = level === undefined ? undefined : LEVEL_PREFIXES.get(level);
      if (level !== undefined && prefix === undefined) {
        issues.add('/TYPE_COLLECTIVITE', 'COMMUNE, EPCI or DEPARTEMENT', 'DIALECT.UNKNOWN_VALUE');
      }
      const code = readText(
        payload,
        'CODE_COLLECTIVITE',
        '',
        { expected: COMPETENT_AUTHORITY_EXPECTED, maxLength: 9 },
        issues,
        'required',
      );
      const to = declinedTo(
        prefix === undefined || code === undefined ? undefined : `${prefix}:${code}`,
        '/CODE_COLLECTIVITE',
        context,
        issues,
      );
      if (reason === undefined || to === undefined || request === undefined) return undefined;
      return { kind: 'transfer', request, occurredAt, to: [to], reason };
    }
    case 'CHANGEMENT_STATUT': {
      const code = readText(
        payload,
        'CODE_STATUT',
        '',
        {
          expected: `one of ${DEPARTEMENT_VOCABULARY.settableStatusCodes.join(', ')}`,
          maxLength: HUB_LIMITS.rawCode,
        },
        issues,
        'required',
      );
      const entry =
        code === undefined
          ? undefined
          : settableStatus(
              DEPARTEMENT_VOCABULARY,
              code,
              '/CODE_STATUT',
              issues,
              'ACCUSE_RECEPTION',
            );
      // The tool may send its own wording of the status; it is kept as the raw label.
      const label = readText(
        payload,
        'LIBELLE_STATUT',
        '',
        { expected: 'the label of the status', maxLength: HUB_LIMITS.rawLabel },
        issues,
        'optional',
      );
      const note = readText(payload, 'OBSERVATION', '', FIELD_RULES.note, issues, 'optional');
      if (entry === undefined || request === undefined) return undefined;
      return statusUpdate(request, occurredAt, entry, label ?? entry.label, note ?? null);
    }
    case 'COMMENTAIRE': {
      const text = readText(payload, 'TEXTE', '', FIELD_RULES.comment, issues, 'required');
      const visibilityCode = readText(
        payload,
        'VISIBILITE',
        '',
        { expected: 'PUBLIQUE or INTERNE', maxLength: 20 },
        issues,
        'optional',
      );
      const visibility = visibilityCode === undefined ? 'public' : VISIBILITIES.get(visibilityCode);
      if (visibilityCode !== undefined && visibility === undefined) {
        issues.add('/VISIBILITE', 'PUBLIQUE or INTERNE', 'DIALECT.UNKNOWN_VALUE');
      }
      if (text === undefined || visibility === undefined || request === undefined) return undefined;
      return { kind: 'comment', request, occurredAt, text, visibility };
    }
    default: {
      const reason = readText(payload, 'MOTIF', '', FIELD_RULES.reason, issues, 'required');
      if (reason === undefined || request === undefined) return undefined;
      return { kind: 'reopen', request, occurredAt, reason };
    }
  }
}
