import { OPEN311_VOCABULARY } from './open311.vocabulary';

/** One entry of GeoReport v2 `GET services.json`. */
export interface Open311ServiceDescription {
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  /** Whether the service has attributes to fetch from `GET services/{code}.json`: never here. */
  readonly metadata: false;
  /** `realtime`: the POST answers with the `service_request_id` at once. */
  readonly type: 'realtime';
  /** Comma-separated, as GeoReport v2 writes them. */
  readonly keywords: string;
  readonly group: string;
}

const SERVICES: readonly Open311ServiceDescription[] = Object.freeze(
  OPEN311_VOCABULARY.services.map((service) =>
    Object.freeze({
      service_code: service.code,
      service_name: service.name,
      description: service.description,
      metadata: false as const,
      type: 'realtime' as const,
      keywords: service.keywords.join(','),
      group: service.group,
    }),
  ),
);

/** The body of `GET services.json`, from schemas/dialects/open311-v2/vocabulary.json. */
export function open311Services(): readonly Open311ServiceDescription[] {
  return SERVICES;
}
