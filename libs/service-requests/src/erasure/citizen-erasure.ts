import {
  type AuthorityId,
  ERASURE_LEGAL_BASES,
  isAuthorityId,
  requestIdFromStreamId,
} from '@maillage/domain';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import { type DataKeys, ERASED, type PersonalDataRedactors } from '@maillage/personal-data';
import type { ServiceRequestRepository } from '../persistence/service-request.repository';
import type { Clock } from '../persistence/tokens';
import type { RequestIds } from '../request-ids';
import type { ErasedRequest, ErasureReport, ErasureRequest } from './erasure-report';
import { ErasureError } from './erasure.error';
import type { PersonalDataTrail } from './personal-data-trail';

const PERSONAL_FIELDS = ['name', 'email', 'phone', 'address'] as const;

export interface CitizenErasureDependencies {
  /** The store as the adapters hold it (sealed personal parts, subject ids in clear). */
  readonly raw: EventStore;
  /** The decrypting view (`EncryptingEventStore`) the repository appends through. */
  readonly store: EventStore;
  readonly keys: DataKeys;
  readonly repository: ServiceRequestRepository;
  readonly ids: RequestIds;
  readonly clock: Clock;
  readonly redactors: PersonalDataRedactors;
  /** The security log's record of erasures. */
  readonly trail: PersonalDataTrail;
}

/**
 * Erases a citizen (RGPD art. 17, or disposal at the end of a retention period) by destroying
 * their data key — crypto-shredding: history is never rewritten, and the integrity chain still
 * verifies — then redacts the copies the hub keeps outside the event store, and records
 * `PersonalDataErased` on every request that held their data, so that the tools involved hear
 * of it and erase theirs. Idempotent: erasing again destroys nothing more and records nothing
 * twice; a call cut short is completed by the next one.
 *
 * Order matters: the key goes first. If anything after it fails, the data is unreadable already;
 * what is left (events, redactions) is done again by a retry.
 */
export class CitizenErasure {
  constructor(private readonly deps: CitizenErasureDependencies) {}

  async erase(request: ErasureRequest): Promise<ErasureReport> {
    const { subjectId, legalBasis, requester } = validated(request);
    const { keys, raw, store, repository, ids, clock, redactors } = this.deps;
    const [streamIds, earlier, live] = await Promise.all([
      keys.streamsOf(subjectId),
      keys.tombstones(subjectId),
      keys.liveKeys(subjectId),
    ]);
    const hadKey = live.length > 0;
    // Which streams really hold the subject's data: subject ids are in clear in what is stored.
    const held: { streamId: string; requestId: string; origin: AuthorityId; eventIds: string[] }[] =
      [];
    for (const streamId of streamIds.sort()) {
      const events = await raw.readStream(streamId);
      const eventIds = events.filter((e) => subjectOf(e) === subjectId).map((e) => e.eventId);
      const origin = originOf(events[0]);
      const requestId = requestIdFromStreamId(streamId);
      if (eventIds.length > 0 && origin && requestId) {
        held.push({ streamId, requestId, origin, eventIds });
      }
    }
    if (!hadKey && earlier.length === 0 && held.length === 0) {
      throw new ErasureError(
        'ERASURE.SUBJECT_UNKNOWN',
        `No personal data of subject ${subjectId} was ever stored in this hub`,
        'subjectId',
      );
    }
    // The clear values, while the key still opens them: to refuse a requester who is the citizen,
    // and for the redactors to find the copies. Held in memory for this call only.
    const values = new Set<string>();
    for (const { streamId } of held) {
      for (const event of await store.readStream(streamId)) {
        if (subjectOf(event) !== subjectId) continue;
        for (const field of PERSONAL_FIELDS) {
          const value = event.personal?.[field];
          if (typeof value === 'string' && value !== ERASED && value.trim()) values.add(value);
        }
      }
    }
    if (isTheCitizen(requester, subjectId, [...values, request.contact ?? ''], ids)) {
      throw new ErasureError(
        'ERASURE.INVALID',
        "requester must name who asks for the erasure (a service or role and a reference), not the citizen's own data",
        'requester',
      );
    }

    const now = clock().toISOString();
    // Every key of the citizen: those of each request, and the subject key of older filings.
    const destroyed = await keys.destroySubject(subjectId, {
      erasureId: ids.random(),
      erasedAt: now,
    });
    const tombstone = destroyed[0] ?? earlier.at(-1);
    const erasureId = tombstone?.erasureId ?? ids.random();
    const erasedAt = tombstone?.erasedAt ?? now;

    const scope = {
      subjectId,
      erasureId,
      streamIds: held.map((h) => h.streamId),
      eventIds: held.flatMap((h) => h.eventIds),
      values: [...values],
    };
    const redacted: { name: string; count: number }[] = [];
    for (const redactor of redactors.all()) {
      redacted.push({ name: redactor.name, count: await redactor.redact(scope) });
    }

    const requests: ErasedRequest[] = [];
    for (const { streamId, requestId, origin, eventIds } of held) {
      const actor = { authority: origin, connector: null };
      const result = await repository.execute(requestId, { actor }, () => ({
        type: 'RecordErasure',
        actor,
        subjectId,
        erasureId,
        legalBasis,
        requester,
      }));
      requests.push({
        requestId,
        streamId,
        eventsWithPersonalData: eventIds.length,
        erasureEvent: result.replayed ? 'already_recorded' : 'recorded',
      });
    }
    const counts = {
      requests: requests.length,
      eventsWithPersonalData: requests.reduce((sum, r) => sum + r.eventsWithPersonalData, 0),
      erasureEventsRecorded: requests.filter((r) => r.erasureEvent === 'recorded').length,
      copiesRedacted: redacted.reduce((sum, r) => sum + r.count, 0),
    };
    const via = request.via ?? { principal: 'admin', attempt: 'POST /v1/citizens/erasure' };
    this.deps.trail.record({
      outcome: 'erased',
      code: 'ERASURE.DONE',
      principal: via.principal,
      authority: null,
      attempt: via.attempt,
      detail:
        `erasure ${erasureId} of subject ${subjectId} (${legalBasis}): ` +
        `${destroyed.length} key(s) destroyed, ${counts.requests} request(s), ` +
        `${counts.erasureEventsRecorded} event(s) recorded, copies redacted: ${counts.copiesRedacted}`,
    });
    return {
      subjectId,
      erasureId,
      erasedAt,
      legalBasis,
      requester,
      keyDestroyed: destroyed.length > 0,
      requests,
      redacted,
      counts,
    };
  }
}

function validated(request: ErasureRequest): ErasureRequest {
  const subjectId = typeof request.subjectId === 'string' ? request.subjectId.trim() : '';
  if (!/^[\x21-\x7e]{1,100}$/.test(subjectId)) {
    throw new ErasureError(
      'ERASURE.INVALID',
      'subjectId must be the pseudonymous subject id of a citizen (1 to 100 printable characters)',
      'subjectId',
    );
  }
  if (!(ERASURE_LEGAL_BASES as readonly string[]).includes(request.legalBasis)) {
    throw new ErasureError(
      'ERASURE.INVALID',
      `legalBasis must be one of ${ERASURE_LEGAL_BASES.join(', ')}`,
      'legalBasis',
    );
  }
  const requester = typeof request.requester === 'string' ? request.requester.trim() : '';
  if (requester === '' || requester.length > 200) {
    throw new ErasureError(
      'ERASURE.INVALID',
      'requester must name who asks for the erasure, in 1 to 200 characters',
      'requester',
    );
  }
  return { ...request, subjectId, requester };
}

/**
 * Whether `requester` is (or quotes) the citizen's own data: one of their values, or a contact
 * from which their subject id derives — which catches their e-mail or phone even once the key
 * (and with it the values) is gone.
 */
function isTheCitizen(
  requester: string,
  subjectId: string,
  values: readonly string[],
  ids: RequestIds,
): boolean {
  const said = requester.toLowerCase();
  if (ids.forCitizen(requester) === subjectId) return true;
  return values.some(
    (value) => value.trim().length >= 3 && said.includes(value.trim().toLowerCase()),
  );
}

function subjectOf(event: RecordedEvent): string | null {
  const subjectId = event.personal?.['subjectId'];
  return typeof subjectId === 'string' ? subjectId : null;
}

/** The authority that collected the data: where the request was filed. */
function originOf(filing: RecordedEvent | undefined): AuthorityId | null {
  const source = filing?.data['source'] as { authority?: unknown } | undefined;
  return isAuthorityId(source?.authority) ? source.authority : null;
}
