import type { PersonalData, RequestFiled } from '@maillage/domain';
import type { CanonicalEventView, EncodeContext, NativeMessage } from '../dialect';
import { eventData, eventInstant, personalData } from '../encoding/event-views';
import { nativeStatus, type NativeStatus } from '../encoding/native-status';
import { formatFrenchLocal } from '../time/time-formatters';
import { COMMUNE_VOCABULARY } from './commune.vocabulary';

const DIALECT = 'commune-v1';

function statut(status: NativeStatus): { code: string; libelle: string } {
  return { code: status.code, libelle: status.label };
}

function vocabularyStatus(status: Parameters<typeof COMMUNE_VOCABULARY.statusFor>[0]) {
  return statut(COMMUNE_VOCABULARY.statusFor(status));
}

/**
 * A canonical event as the commune's tool receives it (`evenement` names the message). Every
 * message carries the hub id (`referenceMaillage`) and, when known, the tool's own number.
 */
export function encodeCommuneEvent(
  event: CanonicalEventView,
  context: EncodeContext,
): NativeMessage | null {
  const typed = eventData(event);
  if (typed === null) return null;
  const message = (kind: string, body: Record<string, unknown>): NativeMessage => ({
    kind,
    body: {
      evenement: kind,
      referenceMaillage: typed.data.requestId,
      numeroDemande: context.externalId,
      dateEvenement: formatFrenchLocal(eventInstant(event), context.timeZone),
      ...body,
    },
  });

  switch (typed.type) {
    case 'RequestFiled':
      if (context.role === 'origin') {
        return message('demande.enregistree', {
          numeroDemande: context.externalId ?? typed.data.source.externalId,
          statut: vocabularyStatus('received'),
        });
      }
      return message('demande.nouvelle', newRequest(typed.data, personalData(event), context));
    case 'RequestRouted':
      return message('demande.orientee', {
        destinataires: [...typed.data.targets],
        motif: typed.data.reason,
        statut: vocabularyStatus('routed'),
      });
    case 'RequestAcknowledged':
      return message('demande.prise_en_charge', {
        collectivite: typed.data.authority,
        referenceCollectivite: typed.data.externalReference,
        statut: vocabularyStatus('acknowledged'),
      });
    case 'StatusChanged':
      return message('statut.modifie', {
        collectivite: typed.data.authority,
        statut: statut(
          nativeStatus(COMMUNE_VOCABULARY, DIALECT, typed.data.to, false, typed.data.raw, context),
        ),
        commentaire: typed.data.note,
      });
    case 'CommentAdded':
      // Internal comments are for agents of the authority that wrote them: never forwarded.
      if (typed.data.visibility !== 'public') return null;
      return message('commentaire.ajoute', {
        collectivite: typed.data.authority,
        commentaire: typed.data.text,
      });
    case 'RequestTransferred':
      return message('demande.transferee', {
        collectivite: typed.data.from,
        destinataires: [...typed.data.to],
        motif: typed.data.reason,
      });
    case 'RequestClosed':
      return message('demande.cloturee', {
        collectivite: typed.data.authority,
        statut: statut(
          nativeStatus(
            COMMUNE_VOCABULARY,
            DIALECT,
            typed.data.outcome,
            true,
            typed.data.raw,
            context,
          ),
        ),
        commentaire: typed.data.note,
      });
    case 'RequestReopened':
      return message('demande.rouverte', {
        collectivite: typed.data.authority,
        motif: typed.data.reason,
        statut: vocabularyStatus('in_progress'),
      });
    case 'PersonalDataErased':
      // The tool erases the requester's data on its side; the message itself holds none.
      return message('demandeur.efface', {
        referenceEffacement: typed.data.erasureId,
        fondement: typed.data.legalBasis,
        demandePar: typed.data.requester,
      });
  }
}

/** Everything a target needs to handle the request, the citizen's contact included. */
function newRequest(
  data: RequestFiled['data'],
  citizen: PersonalData | null,
  context: EncodeContext,
): Record<string, unknown> {
  const { location } = data;
  return {
    collectiviteOrigine: data.source.authority,
    numeroOrigine: data.source.externalId,
    dateDemande: formatFrenchLocal(Date.parse(data.filedAt), context.timeZone),
    canal: COMMUNE_VOCABULARY.channelFor(data.channel).code,
    categorie: COMMUNE_VOCABULARY.categoryFor(data.category)?.code ?? null,
    categorieMaillage: data.category,
    objet: data.description,
    lieu: {
      codeInsee: location.inseeCode,
      ...(location.address === undefined ? {} : { adresse: location.address }),
      ...(location.coordinates === undefined
        ? {}
        : { latitude: location.coordinates.lat, longitude: location.coordinates.lon }),
    },
    demandeur:
      citizen === null
        ? null
        : {
            ...(citizen.name === undefined ? {} : { nom: citizen.name }),
            ...(citizen.email === undefined ? {} : { courriel: citizen.email }),
            ...(citizen.phone === undefined ? {} : { telephone: citizen.phone }),
            ...(citizen.address === undefined ? {} : { adresse: citizen.address }),
          },
    piecesJointes: data.attachments.map((attachment) => ({
      url: attachment.url,
      ...(attachment.mediaType === undefined ? {} : { typeMime: attachment.mediaType }),
      ...(attachment.name === undefined ? {} : { nom: attachment.name }),
    })),
    statut: vocabularyStatus('routed'),
  };
}
