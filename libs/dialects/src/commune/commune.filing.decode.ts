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
import { FRENCH_TIME_EXPECTED, parseFrenchLocalTime } from '../time/source-time-parsers';
import { COMMUNE_CODES, COMMUNE_VOCABULARY } from './commune.vocabulary';

const FILING_FIELDS = new Set([
  'numeroDemande',
  'dateDemande',
  'canal',
  'categorie',
  'objet',
  'lieu',
  'demandeur',
  'piecesJointes',
]);
const LIEU_FIELDS = new Set(['codeInsee', 'adresse', 'latitude', 'longitude']);
const DEMANDEUR_FIELDS = new Set(['nom', 'courriel', 'telephone', 'adresse']);
const PIECE_FIELDS = {
  url: 'url',
  mediaType: 'typeMime',
  name: 'nom',
  known: new Set(['url', 'typeMime', 'nom']),
};

/** The commune tool's request number: free-form, printable, short. */
export const NUMERO_DEMANDE = externalIdRule(
  "the request number in the commune's tool: printable ASCII without spaces, at most 50 characters, e.g. GIEN-2026-000123",
  /^[\x21-\x7e]{1,50}$/,
  50,
);
export const OBJET_MAX_LENGTH = 5000;
const OBJET = descriptionRule(OBJET_MAX_LENGTH);

/** A commune-v1 `demande` (see schemas/dialects/commune-v1/README.md). */
export function decodeCommuneFiling(
  payload: unknown,
  context: DialectContext,
): DecodeResult<DecodedFiling> {
  if (!isRecord(payload)) {
    return refusedWith('', 'a commune-v1 demande: a JSON object', 'DIALECT.TYPE');
  }
  const issues = new IssueSink();
  refuseUnknownFields(payload, FILING_FIELDS, '', issues);
  const externalId = readText(payload, 'numeroDemande', '', NUMERO_DEMANDE, issues, 'required');
  const filedAt = readSourceTime(
    payload,
    'dateDemande',
    '',
    (raw) => parseFrenchLocalTime(raw, context.timeZone),
    FRENCH_TIME_EXPECTED,
    issues,
    'optional',
  );
  const channel = readCode(
    payload,
    'canal',
    '',
    COMMUNE_VOCABULARY.channelOf,
    COMMUNE_CODES.channel,
    issues,
  );
  const category = readCode(
    payload,
    'categorie',
    '',
    COMMUNE_VOCABULARY.categoryOf,
    COMMUNE_CODES.category,
    issues,
  );
  const description = readText(payload, 'objet', '', OBJET, issues, 'required');

  let location: DecodedFiling['location'] | undefined;
  const lieu = readRecord(
    payload,
    'lieu',
    '',
    'the place the request is about (an object)',
    issues,
    'required',
  );
  if (lieu !== undefined) {
    refuseUnknownFields(lieu, LIEU_FIELDS, '/lieu', issues);
    const code = readText(lieu, 'codeInsee', '/lieu', FIELD_RULES.inseeCode, issues, 'optional');
    const inseeCode = inseeCodeOrDefault(
      code,
      present(lieu, 'codeInsee'),
      '/lieu/codeInsee',
      context,
      issues,
    );
    const address = readText(lieu, 'adresse', '/lieu', FIELD_RULES.address, issues, 'optional');
    const coordinates = coordinatesOf(
      readCoordinate(lieu, 'latitude', '/lieu', 90, issues),
      readCoordinate(lieu, 'longitude', '/lieu', 180, issues),
      present(lieu, 'latitude'),
      present(lieu, 'longitude'),
      '/lieu/latitude',
      '/lieu/longitude',
      issues,
    );
    if (inseeCode !== undefined) location = locationOf(inseeCode, address, coordinates);
  }

  let citizen: DecodedFiling['citizen'] = null;
  const demandeur = readRecord(
    payload,
    'demandeur',
    '',
    'the citizen (an object)',
    issues,
    'optional',
  );
  if (demandeur !== undefined) {
    refuseUnknownFields(demandeur, DEMANDEUR_FIELDS, '/demandeur', issues);
    citizen = citizenOf(
      readText(demandeur, 'nom', '/demandeur', FIELD_RULES.citizenName, issues, 'optional'),
      readText(demandeur, 'courriel', '/demandeur', FIELD_RULES.email, issues, 'optional'),
      readText(demandeur, 'telephone', '/demandeur', FIELD_RULES.phone, issues, 'optional'),
      readText(demandeur, 'adresse', '/demandeur', FIELD_RULES.address, issues, 'optional'),
    );
  }

  const pieces = readList(
    payload,
    'piecesJointes',
    '',
    'a list of attachments',
    HUB_LIMITS.attachments,
    issues,
  );
  const attachments = attachmentsOf(pieces, '/piecesJointes', PIECE_FIELDS, issues);

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
