import type { CanonicalStatus, PersonalData, RequestFiled } from '@maillage/domain';
import type { CanonicalEventView, EncodeContext, NativeMessage } from '../dialect';
import { eventData, eventInstant, personalData } from '../encoding/event-views';
import { nativeStatus, type NativeStatus } from '../encoding/native-status';
import { formatUtc } from '../time/time-formatters';
import { DEPARTEMENT_VOCABULARY } from './departement.vocabulary';

const DIALECT = 'departement-v1';

function status(native: NativeStatus): { CODE_STATUT: string; LIBELLE_STATUT: string } {
  return { CODE_STATUT: native.code, LIBELLE_STATUT: native.label };
}

function vocabularyStatus(canonical: CanonicalStatus) {
  return status(DEPARTEMENT_VOCABULARY.statusFor(canonical));
}

/**
 * A canonical event as the département's tool receives it: one flat object, `TYPE_MESSAGE`
 * naming it, times in UTC. Every message carries the hub id (`ID_MAILLAGE`) and, when known, the
 * tool's own id (`ID_DEMANDE`).
 */
export function encodeDepartementEvent(
  event: CanonicalEventView,
  context: EncodeContext,
): NativeMessage | null {
  const typed = eventData(event);
  if (typed === null) return null;
  const message = (kind: string, body: Record<string, unknown>): NativeMessage => ({
    kind,
    body: {
      TYPE_MESSAGE: kind,
      ID_MAILLAGE: typed.data.requestId,
      ID_DEMANDE: context.externalId,
      DATE_EVENEMENT: formatUtc(eventInstant(event)),
      ...body,
    },
  });

  switch (typed.type) {
    case 'RequestFiled':
      if (context.role === 'origin') {
        return message('DEMANDE_ENREGISTREE', {
          ID_DEMANDE: context.externalId ?? typed.data.source.externalId,
          ...vocabularyStatus('received'),
        });
      }
      return message('DEMANDE_A_TRAITER', requestToHandle(typed.data, personalData(event)));
    case 'RequestRouted':
      return message('ORIENTATION', {
        DESTINATAIRES: [...typed.data.targets],
        MOTIF: typed.data.reason,
        ...vocabularyStatus('routed'),
      });
    case 'RequestAcknowledged':
      return message('ACCUSE_RECEPTION', {
        AUTORITE: typed.data.authority,
        REFERENCE: typed.data.externalReference,
        ...vocabularyStatus('acknowledged'),
      });
    case 'StatusChanged':
      return message('CHANGEMENT_STATUT', {
        AUTORITE: typed.data.authority,
        ...status(
          nativeStatus(
            DEPARTEMENT_VOCABULARY,
            DIALECT,
            typed.data.to,
            false,
            typed.data.raw,
            context,
          ),
        ),
        OBSERVATION: typed.data.note,
      });
    case 'CommentAdded':
      // Internal comments are for agents of the authority that wrote them: never forwarded.
      if (typed.data.visibility !== 'public') return null;
      return message('COMMENTAIRE', { AUTORITE: typed.data.authority, TEXTE: typed.data.text });
    case 'RequestTransferred':
      return message('TRANSFERT', {
        AUTORITE: typed.data.from,
        DESTINATAIRES: [...typed.data.to],
        MOTIF: typed.data.reason,
      });
    case 'RequestClosed':
      return message('CLOTURE', {
        AUTORITE: typed.data.authority,
        ...status(
          nativeStatus(
            DEPARTEMENT_VOCABULARY,
            DIALECT,
            typed.data.outcome,
            true,
            typed.data.raw,
            context,
          ),
        ),
        OBSERVATION: typed.data.note,
      });
    case 'RequestReopened':
      return message('REOUVERTURE', {
        AUTORITE: typed.data.authority,
        MOTIF: typed.data.reason,
        ...vocabularyStatus('in_progress'),
      });
    case 'PersonalDataErased':
      // The tool erases the citizen's data on its side; the message itself holds none.
      return message('EFFACEMENT_DEMANDEUR', {
        ID_EFFACEMENT: typed.data.erasureId,
        FONDEMENT: typed.data.legalBasis,
        DEMANDE_PAR: typed.data.requester,
      });
  }
}

/** Everything a target needs to handle the request, the citizen's contact included. */
function requestToHandle(
  data: RequestFiled['data'],
  citizen: PersonalData | null,
): Record<string, unknown> {
  const { location } = data;
  return {
    AUTORITE_ORIGINE: data.source.authority,
    REF_ORIGINE: data.source.externalId,
    DATE_DEPOT: formatUtc(Date.parse(data.filedAt)),
    CANAL: DEPARTEMENT_VOCABULARY.channelFor(data.channel).code,
    CODE_THEME: DEPARTEMENT_VOCABULARY.categoryFor(data.category)?.code ?? null,
    CODE_THEME_MAILLAGE: data.category,
    DESCRIPTION: data.description,
    CODE_INSEE: location.inseeCode,
    ADRESSE_LIEU: location.address ?? null,
    LATITUDE: location.coordinates?.lat ?? null,
    LONGITUDE: location.coordinates?.lon ?? null,
    NOM_USAGER: citizen?.name ?? null,
    EMAIL_USAGER: citizen?.email ?? null,
    TEL_USAGER: citizen?.phone ?? null,
    ADRESSE_USAGER: citizen?.address ?? null,
    PIECES_JOINTES: data.attachments.map((attachment) => ({
      URL: attachment.url,
      TYPE_MIME: attachment.mediaType ?? null,
      NOM_FICHIER: attachment.name ?? null,
    })),
    ...vocabularyStatus('routed'),
  };
}
