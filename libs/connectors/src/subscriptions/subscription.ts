import { randomUUID } from 'node:crypto';
import { SERVICE_REQUEST_EVENT_TYPES } from '@maillage/domain';
import {
  bundledCategoryTaxonomy,
  coversCategory,
  type TerritoryDirectory,
} from '@maillage/directory';
import type { Connector } from '../connector';
import { ConnectorsError } from '../connectors.error';

export const COMPETENCE_LEVELS = ['commune', 'epci', 'departement'] as const;
export type CompetenceLevel = (typeof COMPETENCE_LEVELS)[number];

/**
 * What a back office follows beyond the requests its authority handles: the requests located in a
 * territory (its own, or part of it), optionally only some categories, some competences (the level
 * of the authority the request is routed to) and some event types. Delivered as canonical events,
 * without personal data: the subscriber watches, it does not handle.
 */
export interface Subscription {
  /** Random (UUID v4): unguessable, as every object id of the API. */
  readonly id: string;
  /** `commune:…`, `epci:…` or `departement:…`, within the subscriber's own territory. */
  readonly territory: string;
  /** Category codes or whole-segment prefixes (`roads` covers `roads.municipal`); null: all. */
  readonly categories: readonly string[] | null;
  /** Only requests routed to an authority of these levels; null: whatever the competence. */
  readonly competences: readonly CompetenceLevel[] | null;
  /** Canonical event types (`StatusChanged`…); null: all. */
  readonly eventTypes: readonly string[] | null;
  readonly createdAt: string;
}

export interface SubscriptionInput {
  readonly territory?: unknown;
  readonly categories?: unknown;
  readonly competences?: unknown;
  readonly eventTypes?: unknown;
}

/** What a subscription is matched against: the event and the request's state after it. */
export interface SubscriptionCandidate {
  readonly eventType: string;
  readonly category: string;
  readonly inseeCode: string;
  /** Targets after the event. */
  readonly targets: readonly string[];
}

/** At most this many subscriptions per connector (each costs a match per event). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTOR = 20;

/**
 * A new subscription of `connector`, checked: a territory within the connector's own (a commune
 * follows itself, an EPCI itself or its communes, a département itself, its EPCIs or communes),
 * known categories, levels and event types. `CONNECTOR.INVALID` names the field otherwise;
 * `CONNECTOR.FORBIDDEN` when the territory is someone else's.
 */
export function newSubscription(
  connector: Connector,
  input: SubscriptionInput,
  territory: TerritoryDirectory,
  at: string,
): Subscription {
  const invalid = (field: string, expected: string): never => {
    throw new ConnectorsError('CONNECTOR.INVALID', `${field}: expected ${expected}`, field);
  };
  const area = input.territory ?? connector.authority;
  if (typeof area !== 'string' || territory.describeAuthority(area) === null) {
    invalid('territory', 'an authority id that exists, such as commune:45155 or departement:45');
  }
  if (!territoryWithin(area as string, connector.authority, territory)) {
    throw new ConnectorsError(
      'CONNECTOR.FORBIDDEN',
      `territory: ${connector.authority} may follow its own territory only, not ${area as string}`,
      'territory',
    );
  }
  const taxonomy = bundledCategoryTaxonomy();
  const categories = listOf(input.categories, 'categories', invalid, (code) =>
    taxonomy.categories.some((category) => coversCategory(code, category.code)),
  );
  const competences = listOf(input.competences, 'competences', invalid, (level) =>
    (COMPETENCE_LEVELS as readonly string[]).includes(level),
  ) as CompetenceLevel[] | null;
  const eventTypes = listOf(input.eventTypes, 'eventTypes', invalid, (type) =>
    (SERVICE_REQUEST_EVENT_TYPES as readonly string[]).includes(type),
  );
  return {
    id: randomUUID(),
    territory: area as string,
    categories,
    competences,
    eventTypes,
    createdAt: at,
  };
}

/** Whether the event (and the request's state after it) is one the subscription follows. */
export function subscriptionMatches(
  subscription: Subscription,
  candidate: SubscriptionCandidate,
  territory: TerritoryDirectory,
): boolean {
  if (subscription.eventTypes && !subscription.eventTypes.includes(candidate.eventType)) {
    return false;
  }
  if (
    subscription.categories &&
    !subscription.categories.some((prefix) => coversCategory(prefix, candidate.category))
  ) {
    return false;
  }
  if (
    subscription.competences &&
    !candidate.targets.some((target) =>
      subscription.competences!.some((level) => target.startsWith(`${level}:`)),
    )
  ) {
    return false;
  }
  return communeWithin(candidate.inseeCode, subscription.territory, territory);
}

/** Whether a commune lies in an authority's territory. */
export function communeWithin(
  inseeCode: string,
  authority: string,
  territory: TerritoryDirectory,
): boolean {
  const [level, code] = authority.split(':') as [string, string];
  if (level === 'commune') return inseeCode === code;
  const commune = territory.commune(inseeCode);
  if (!commune) return false;
  if (level === 'epci') return commune.epciSiren === code;
  return level === 'departement' && commune.departementCode === code;
}

/** Whether `area` is `authority`'s territory or part of it. */
function territoryWithin(area: string, authority: string, territory: TerritoryDirectory): boolean {
  if (area === authority) return true;
  const [level, code] = area.split(':') as [string, string];
  if (level === 'commune') return communeWithin(code, authority, territory);
  if (level === 'epci' && authority.startsWith('departement:')) {
    // An EPCI across two départements is not wholly within either: refused.
    const members = territory.epci(code)?.memberInseeCodes ?? [];
    return (
      members.length > 0 && members.every((member) => communeWithin(member, authority, territory))
    );
  }
  return false;
}

function listOf(
  value: unknown,
  field: string,
  invalid: (field: string, expected: string) => never,
  known: (item: string) => boolean,
): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
    return invalid(field, 'a list of 1 to 50 values, or nothing to take all');
  }
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' || !known(item)) {
      invalid(`${field}/${index}`, `a known value (got ${JSON.stringify(item).slice(0, 60)})`);
    }
  }
  return [...new Set(value as string[])];
}
