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
  readText,
  refuseUnknownFields,
} from '../decoding/payload-reader';
import { refusal, refusedWith } from '../decoding/refusal';
import { parseIsoTime } from '../time/source-time-parsers';
import { DEPARTEMENT_CODES, DEPARTEMENT_VOCABULARY } from './departement.vocabulary';

const FILING_FIELDS = new Set([
  'TYPE_MESSAGE',
  'ID_DEMANDE',
  'DATE_DEPOT',
  'CANAL',
  'CODE_THEME',
  'DESCRIPTION',
  'CODE_INSEE',
  'ADRESSE_LIEU',
  'LATITUDE',
  'LONGITUDE',
  'NOM_USAGER',
  'EMAIL_USAGER',
  'TEL_USAGER',
  'ADRESSE_USAGER',
  'PIECES_JOINTES',
]);
const PIECE_FIELDS = {
  url: 'URL',
  mediaType: 'TYPE_MIME',
  name: 'NOM_FICHIER',
  known: new Set(['URL', 'TYPE_MIME', 'NOM_FICHIER']),
};

/** `D45-2026-0000123`: D + the département code, the year, a seven-digit sequence. */
export const ID_DEMANDE = externalIdRule(
  'a request id like D45-2026-0000123 (D + département code, year, 7 digits)',
  /^D(?:\d{2,3}|2[AB])-\d{4}-\d{7}$/,
  20,
);
export const DEPARTEMENT_TIME_EXPECTED =
  'an ISO 8601 date-time: UTC (2026-11-29T08:15:00Z), with an offset (2026-11-29T09:15:00+01:00) or local (2026-11-29T09:15:00)';
export const DEPARTEMENT_DESCRIPTION_MAX_LENGTH = 10_000;
const DESCRIPTION = descriptionRule(DEPARTEMENT_DESCRIPTION_MAX_LENGTH);

/** A departement-v1 `DEMANDE_CREATION` message (see schemas/dialects/departement-v1/README.md). */
export function decodeDepartementFiling(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedFiling> {
  if (!isRecord(payload)) {
    return refusedWith(
      '',
      'a departement-v1 DEMANDE_CREATION message: a JSON object',
      'DIALECT.TYPE',
    );
  }
  const issues = new IssueSink();
  refuseUnknownFields(payload, FILING_FIELDS, '', issues);
  readText(
    payload,
    'TYPE_MESSAGE',
    '',
    { expected: 'DEMANDE_CREATION', maxLength: 50, test: (value) => value === 'DEMANDE_CREATION' },
    issues,
    'required',
  );
  const externalId = readText(payload, 'ID_DEMANDE', '', ID_DEMANDE, issues, 'required');
  const filedAt = readSourceTime(
    payload,
    'DATE_DEPOT',
    '',
    (raw) => parseIsoTime(raw, context.timeZone, 'optional'),
    DEPARTEMENT_TIME_EXPECTED,
    issues,
    'optional',
  );
  const channel = readCode(
    payload,
    'CANAL',
    '',
    DEPARTEMENT_VOCABULARY.channelOf,
    DEPARTEMENT_CODES.channel,
    issues,
  );
  const category = readCode(
    payload,
    'CODE_THEME',
    '',
    DEPARTEMENT_VOCABULARY.categoryOf,
    DEPARTEMENT_CODES.category,
    issues,
  );
  const description = readText(payload, 'DESCRIPTION', '', DESCRIPTION, issues, 'required');
  const code = readText(payload, 'CODE_INSEE', '', FIELD_RULES.inseeCode, issues, 'optional');
  const inseeCode = inseeCodeOrDefault(
    code,
    present(payload, 'CODE_INSEE'),
    '/CODE_INSEE',
    context,
    issues,
  );
  const address = readText(payload, 'ADRESSE_LIEU', '', FIELD_RULES.address, issues, 'optional');
  const coordinates = coordinatesOf(
    readCoordinate(payload, 'LATITUDE', '', 90, issues),
    readCoordinate(payload, 'LONGITUDE', '', 180, issues),
    present(payload, 'LATITUDE'),
    present(payload, 'LONGITUDE'),
    '/LATITUDE',
    '/LONGITUDE',
    issues,
  );
  const citizen = citizenOf(
    readText(payload, 'NOM_USAGER', '', FIELD_RULES.citizenName, issues, 'optional'),
    readText(payload, 'EMAIL_USAGER', '', FIELD_RULES.email, issues, 'optional'),
    readText(payload, 'TEL_USAGER', '', FIELD_RULES.phone, issues, 'optional'),
    readText(payload, 'ADRESSE_USAGER', '', FIELD_RULES.address, issues, 'optional'),
  );
  const pieces = readList(
    payload,
    'PIECES_JOINTES',
    '',
    'a list of attachments',
    HUB_LIMITS.attachments,
    issues,
  );
  const attachments = attachmentsOf(pieces, '/PIECES_JOINTES', PIECE_FIELDS, issues);

  if (
    !issues.empty ||
    externalId === undefined ||
    channel === undefined ||
    category === undefined ||
    description === undefined ||
    inseeCode === undefined
  ) {
    return refusal(issues);
  }
  return {
    ok: true,
    value: {
      externalId,
      channel,
      category,
      description,
      location: locationOf(inseeCode, address, coordinates),
      attachments,
      citizen,
      filedAt,
    },
  };
}
