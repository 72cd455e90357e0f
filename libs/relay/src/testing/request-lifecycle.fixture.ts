import { randomUUID } from 'node:crypto';
import {
  type ServiceRequestCommand,
  type ServiceRequestState,
  decide,
  evolve,
  initialState,
  streamIdFor,
} from '@maillage/domain';
import type { EventToAppend, JsonObject } from '@maillage/event-store';

const GIEN = { authority: 'commune:45155', connector: 'gien-grc' } as const;
const LOIRET = { authority: 'departement:45', connector: 'loiret-relation-usagers' } as const;

/** One append of a request's life: what a command decided, as the hub would record it. */
export interface LifecycleAppend {
  readonly streamId: string;
  readonly events: EventToAppend[];
}

/**
 * The whole life of one request as the domain really records it (benchmarks, tests): filed at
 * Gien's counter and routed to the Loiret (RequestFiled + RequestRouted, with the citizen's
 * personal data), acknowledged, in progress, commented, resolved, closed — 7 events in 6 appends,
 * each with the metadata the hub adds. `n` varies the texts and ids.
 */
export function requestLifecycle(n: number, requestId: string = randomUUID()): LifecycleAppend[] {
  const commands: ServiceRequestCommand[] = [
    {
      type: 'FileRequest',
      requestId,
      actor: GIEN,
      source: { authority: GIEN.authority, connector: GIEN.connector, externalId: `GIEN-${n}` },
      channel: 'counter',
      category: 'roads.departmental',
      description: `Nid-de-poule dangereux sur la RD 940 à hauteur du numéro ${n % 200}`,
      location: {
        inseeCode: '45155',
        address: 'RD 940, 45500 Gien',
        coordinates: { lat: 47.69, lon: 2.63 },
      },
      attachments: [
        { url: `https://grc.gien.fr/pieces/${n}.jpg`, mediaType: 'image/jpeg', name: 'trou.jpg' },
      ],
      citizen: {
        subjectId: randomUUID(),
        name: 'Camille Martin',
        email: `camille.martin.${n}@example.org`,
        phone: '+33 6 12 34 56 78',
      },
      filedAt: '2026-11-29T09:15:00+01:00',
      routing: {
        targets: [LOIRET.authority],
        rule: { id: 'roads.departmental', version: 'builtin-1' },
        reason:
          'roads.departmental is a departmental competence; commune 45155 is in département 45',
      },
    },
    { type: 'AcknowledgeRequest', actor: LOIRET, externalReference: `CD45-${n}` },
    {
      type: 'ChangeStatus',
      actor: LOIRET,
      to: 'in_progress',
      raw: { code: 'ENC', label: 'En cours de traitement' },
      note: 'Intervention programmée par le centre d’exploitation de Gien',
    },
    {
      type: 'AddComment',
      actor: LOIRET,
      commentId: randomUUID(),
      text: 'Une équipe passera dans la semaine pour reboucher la chaussée.',
      visibility: 'public',
    },
    {
      type: 'ChangeStatus',
      actor: LOIRET,
      to: 'resolved',
      raw: { code: 'TRT', label: 'Traité' },
      note: null,
    },
    {
      type: 'CloseRequest',
      actor: LOIRET,
      outcome: 'resolved',
      raw: { code: 'CLOS', label: 'Clôturé' },
      note: null,
    },
  ];
  const streamId = streamIdFor(requestId);
  const recordedAt = new Date(Date.UTC(2026, 10, 29, 9, 15) + n * 1000).toISOString();
  let state: ServiceRequestState = initialState();
  let causationId: string | null = null;
  return commands.map((command) => {
    const decided = decide(command, state);
    const events = decided.map((event) => {
      state = evolve(state, event);
      const eventId = randomUUID();
      const metadata = {
        eventId,
        correlationId: requestId,
        causationId,
        actor: { ...command.actor },
        occurredAt: recordedAt,
        recordedAt,
        schemaVersion: 1,
      };
      causationId = eventId;
      return {
        eventId,
        type: event.type,
        data: event.data as unknown as JsonObject,
        personal: (event.personal ?? null) as unknown as JsonObject | null,
        metadata,
      };
    });
    return { streamId, events };
  });
}
