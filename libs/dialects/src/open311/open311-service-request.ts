import type { CanonicalStatus, Location } from '@maillage/domain';
import { OPEN311_VOCABULARY } from './open311.vocabulary';

/**
 * What the HTTP layer knows about a request when a GeoReport v2 client asks for it
 * (`GET requests/{id}.json`): the read model's summary, plus the agency's name.
 */
export interface Open311RequestView {
  /** The hub id, which is the `service_request_id`. */
  readonly id: string;
  /** Canonical category code. */
  readonly category: string;
  readonly description: string;
  readonly status: CanonicalStatus;
  readonly lifecycle: 'open' | 'closed';
  readonly location: Location;
  /** The note of the last status change, close or reopening, if any. */
  readonly lastStatusNote: string | null;
  /** ISO 8601 with a time zone. */
  readonly filedAt: string;
  /** ISO 8601 with a time zone. */
  readonly updatedAt: string;
  /** Who handles it, in words (e.g. `Département du Loiret`); null while nobody does. */
  readonly agencyName: string | null;
  readonly mediaUrl?: string | null;
  /** When the agency expects to be done, if it said so (ISO 8601). */
  readonly expectedAt?: string | null;
  /** What the agency will do about it, if it said so. */
  readonly serviceNotice?: string | null;
}

/** A GeoReport v2 service request, every standard field present (null when unknown). */
export interface Open311ServiceRequest {
  readonly service_request_id: string;
  readonly status: 'open' | 'closed';
  readonly status_notes: string | null;
  readonly service_name: string | null;
  readonly service_code: string;
  readonly description: string | null;
  readonly agency_responsible: string | null;
  readonly service_notice: string | null;
  readonly requested_datetime: string | null;
  readonly updated_datetime: string | null;
  readonly expected_datetime: string | null;
  readonly address: string | null;
  readonly address_id: string | null;
  readonly zipcode: string | null;
  readonly lat: number | null;
  readonly long: number | null;
  readonly media_url: string | null;
}

/**
 * A request's state as a GeoReport v2 service request. `status` is `closed` only once the
 * request is closed (a resolved request still open awaits confirmation); `status_notes` is the
 * last note, else a sentence for the canonical status. `zipcode` and `address_id` are not kept
 * by the hub: always null.
 */
export function renderOpen311ServiceRequest(view: Open311RequestView): Open311ServiceRequest {
  const service = OPEN311_VOCABULARY.serviceFor(view.category);
  return {
    service_request_id: view.id,
    status: view.lifecycle === 'closed' ? 'closed' : 'open',
    status_notes: view.lastStatusNote ?? OPEN311_VOCABULARY.statusNote(view.status),
    service_name: service?.name ?? null,
    service_code: service?.code ?? view.category,
    description: view.description,
    agency_responsible: view.agencyName,
    service_notice: view.serviceNotice ?? null,
    requested_datetime: view.filedAt,
    updated_datetime: view.updatedAt,
    expected_datetime: view.expectedAt ?? null,
    address: view.location.address ?? null,
    address_id: null,
    zipcode: null,
    lat: view.location.coordinates?.lat ?? null,
    long: view.location.coordinates?.lon ?? null,
    media_url: view.mediaUrl ?? null,
  };
}
