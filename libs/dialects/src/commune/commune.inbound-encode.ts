import type { DecodedFiling, DecodedUpdate, DialectContext } from '../dialect';
import { inboundStatus } from '../encoding/inbound-status';
import { formatFrenchLocal } from '../time/time-formatters';
import { COMMUNE_VOCABULARY } from './commune.vocabulary';

/** A canonical filing as the `demande` a commune's tool would send. */
export function encodeCommuneFiling(
  filing: DecodedFiling,
  context: DialectContext,
): Record<string, unknown> {
  const { location, citizen } = filing;
  return {
    numeroDemande: filing.externalId,
    ...(filing.filedAt === null
      ? {}
      : { dateDemande: formatFrenchLocal(Date.parse(filing.filedAt.utc), context.timeZone) }),
    canal: COMMUNE_VOCABULARY.channelFor(filing.channel).code,
    categorie: COMMUNE_VOCABULARY.categoryFor(filing.category)?.code ?? filing.category,
    objet: filing.description,
    lieu: {
      codeInsee: location.inseeCode,
      ...(location.address === undefined ? {} : { adresse: location.address }),
      ...(location.coordinates === undefined
        ? {}
        : { latitude: location.coordinates.lat, longitude: location.coordinates.lon }),
    },
    ...(citizen === null
      ? {}
      : {
          demandeur: {
            ...(citizen.name === undefined ? {} : { nom: citizen.name }),
            ...(citizen.email === undefined ? {} : { courriel: citizen.email }),
            ...(citizen.phone === undefined ? {} : { telephone: citizen.phone }),
            ...(citizen.address === undefined ? {} : { adresse: citizen.address }),
          },
        }),
    ...(filing.attachments.length === 0
      ? {}
      : {
          piecesJointes: filing.attachments.map((attachment) => ({
            url: attachment.url,
            ...(attachment.mediaType === undefined ? {} : { typeMime: attachment.mediaType }),
            ...(attachment.name === undefined ? {} : { nom: attachment.name }),
          })),
        }),
  };
}

/** A canonical update as the `suivi` message a commune's tool would send. */
export function encodeCommuneUpdate(
  update: DecodedUpdate,
  context: DialectContext,
): Record<string, unknown> {
  const reference =
    update.request.kind === 'hub'
      ? { referenceMaillage: update.request.requestId }
      : { numeroDemande: update.request.externalId };
  const date =
    update.occurredAt === null
      ? {}
      : { dateAction: formatFrenchLocal(Date.parse(update.occurredAt.utc), context.timeZone) };
  switch (update.kind) {
    case 'acknowledge':
      return {
        action: 'PRISE_EN_CHARGE',
        ...reference,
        numeroDemande: update.externalReference,
        ...date,
      };
    case 'status':
    case 'close':
      return {
        action: 'CHANGEMENT_STATUT',
        ...reference,
        ...date,
        statut: inboundStatus(COMMUNE_VOCABULARY, update).code,
        ...(update.note === null ? {} : { commentaire: update.note }),
      };
    case 'comment':
      return {
        action: 'COMMENTAIRE',
        ...reference,
        ...date,
        commentaire: update.text,
        ...(update.visibility === 'internal' ? { interne: true } : {}),
      };
    case 'reopen':
      return { action: 'REOUVERTURE', ...reference, ...date, motif: update.reason };
    case 'transfer':
      return {
        action: 'REFUS_COMPETENCE',
        ...reference,
        ...date,
        motif: update.reason,
        collectiviteCompetente: update.to[0],
      };
  }
}
