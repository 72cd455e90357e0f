import type { DecodedFiling, DecodedUpdate, DialectContext } from '../dialect';
import { inboundStatus } from '../encoding/inbound-status';
import { formatUtc } from '../time/time-formatters';
import { DEPARTEMENT_VOCABULARY } from './departement.vocabulary';

/** A canonical filing as the `DEMANDE_CREATION` message a département's tool would send. */
export function encodeDepartementFiling(
  filing: DecodedFiling,
  _context: DialectContext,
): Record<string, unknown> {
  const { location, citizen } = filing;
  const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
  return {
    TYPE_MESSAGE: 'DEMANDE_CREATION',
    ID_DEMANDE: filing.externalId,
    ...optional(
      'DATE_DEPOT',
      filing.filedAt === null ? undefined : formatUtc(Date.parse(filing.filedAt.utc)),
    ),
    CANAL: DEPARTEMENT_VOCABULARY.channelFor(filing.channel).code,
    CODE_THEME: DEPARTEMENT_VOCABULARY.categoryFor(filing.category)?.code ?? filing.category,
    DESCRIPTION: filing.description,
    CODE_INSEE: location.inseeCode,
    ...optional('ADRESSE_LIEU', location.address),
    ...optional('LATITUDE', location.coordinates?.lat),
    ...optional('LONGITUDE', location.coordinates?.lon),
    ...optional('NOM_USAGER', citizen?.name),
    ...optional('EMAIL_USAGER', citizen?.email),
    ...optional('TEL_USAGER', citizen?.phone),
    ...optional('ADRESSE_USAGER', citizen?.address),
    ...(filing.attachments.length === 0
      ? {}
      : {
          PIECES_JOINTES: filing.attachments.map((attachment) => ({
            URL: attachment.url,
            ...optional('TYPE_MIME', attachment.mediaType),
            ...optional('NOM_FICHIER', attachment.name),
          })),
        }),
  };
}

/** A canonical update as the message a département's tool would send. */
export function encodeDepartementUpdate(
  update: DecodedUpdate,
  _context: DialectContext,
): Record<string, unknown> {
  const reference =
    update.request.kind === 'hub'
      ? { ID_MAILLAGE: update.request.requestId }
      : { ID_DEMANDE: update.request.externalId };
  const date =
    update.occurredAt === null
      ? {}
      : { DATE_EVENEMENT: formatUtc(Date.parse(update.occurredAt.utc)) };
  switch (update.kind) {
    case 'acknowledge':
      return {
        TYPE_MESSAGE: 'ACCUSE_RECEPTION',
        ...reference,
        ID_DEMANDE: update.externalReference,
        ...date,
      };
    case 'status':
    case 'close': {
      const entry = inboundStatus(DEPARTEMENT_VOCABULARY, update);
      const label =
        update.raw !== null && update.raw.code === entry.code ? update.raw.label : entry.label;
      return {
        TYPE_MESSAGE: 'CHANGEMENT_STATUT',
        ...reference,
        ...date,
        CODE_STATUT: entry.code,
        LIBELLE_STATUT: label,
        ...(update.note === null ? {} : { OBSERVATION: update.note }),
      };
    }
    case 'comment':
      return {
        TYPE_MESSAGE: 'COMMENTAIRE',
        ...reference,
        ...date,
        TEXTE: update.text,
        VISIBILITE: update.visibility === 'internal' ? 'INTERNE' : 'PUBLIQUE',
      };
    case 'reopen':
      return { TYPE_MESSAGE: 'REOUVERTURE', ...reference, ...date, MOTIF: update.reason };
    case 'transfer': {
      const [level, code] = update.to[0]!.split(':');
      return {
        TYPE_MESSAGE: 'REFUS_COMPETENCE',
        ...reference,
        ...date,
        MOTIF: update.reason,
        TYPE_COLLECTIVITE: level!.toUpperCase(),
        CODE_COLLECTIVITE: code,
      };
    }
  }
}
