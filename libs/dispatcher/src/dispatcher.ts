import {
  type FiledRequestState,
  type ServiceRequestState,
  foldEvents,
  type AuthorityId,
} from '@maillage/domain';
import type { Connector, Connectors } from '@maillage/connectors';
import { dialectContext, subscriptionMatches } from '@maillage/connectors';
import { sharedTerritory } from '@maillage/directory';
import type { CanonicalEventView, Dialect, DialectId } from '@maillage/dialects';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import {
  CLOUD_EVENT_CONTENT_TYPE,
  CLOUD_EVENTS_SPEC_VERSION,
  type OutgoingMessage,
  outTopic,
  toCloudEventMessage,
} from '@maillage/messaging';
import { toDomainEvent } from '@maillage/service-requests';
import { PERSONAL_DATA_HEADER, personalDataPath } from './personal-data-claim';

/** One message for one tool's out-topic. */
export interface Delivery {
  readonly connectorId: string;
  readonly topic: string;
  readonly message: OutgoingMessage;
  /** For what a connector receives as a subscriber: the subscriptions it matched. */
  readonly subscriptionIds?: readonly string[];
}

/**
 * Which deliveries to compute: those for Kafka out-topics (connectors with `delivery.kafka`, the
 * default — the citizen's contact withheld, see {@link PERSONAL_DATA_HEADER}), every message one
 * connector would receive whatever its channel (its HTTP feed and webhooks, contact inline), or
 * what one of its subscriptions matches, whether or not the connector is involved (the
 * subscription's feed).
 */
export type DeliveryScope =
  { readonly kafka: true } | { readonly connectorId: string; readonly subscriptionId?: string };

export interface DispatcherOptions {
  /** `ce_source` of the messages (default `urn:maillage:hub`). */
  readonly source?: string;
}

/**
 * Turns each canonical event into the messages of the tools it concerns, in their dialects:
 * the tool that filed the request (its origin connector) and every active connector of the
 * authorities it is routed to — before and after the event, so that an authority a request is
 * transferred away from hears of it. A tool that becomes a target receives the filing itself
 * first (what it needs to handle the request), then the routing.
 *
 * The request's state at the event is folded from the store (the source of truth), up to the
 * event's own revision: a later change never leaks into the translation of an earlier event.
 *
 * For Kafka the citizen's contact is withheld (a record outlives an erasure) and the message
 * names where the handling authority reads it ({@link PERSONAL_DATA_HEADER}).
 */
export class Dispatcher {
  private readonly source: string;

  private readonly territory = sharedTerritory();

  constructor(
    private readonly store: EventStore,
    private readonly connectors: Connectors,
    private readonly dialectOf: (id: DialectId) => Dialect,
    options: DispatcherOptions = {},
  ) {
    this.source = options.source ?? 'urn:maillage:hub';
  }

  async deliveries(
    received: RecordedEvent,
    scope: DeliveryScope = { kafka: true },
  ): Promise<Delivery[]> {
    const history = await this.store.readStream(received.streamId, {
      maxCount: received.revision + 1,
    });
    // The store's own copy is the one encoded: what Kafka carries has its personal part sealed,
    // and only the store (the decrypting view) opens it — or reads it `[effacé]` once erased.
    const event = history[received.revision];
    if (history.length !== received.revision + 1 || event?.eventId !== received.eventId) {
      // The store is the source of truth: an event it does not hold (yet) is retried later.
      throw new EventNotInStoreError(received.eventId, received.revision);
    }
    const domainEvents = history.map(toDomainEvent);
    const before = foldEvents(domainEvents.slice(0, -1));
    const after = foldEvents(domainEvents);
    if (after.status === 'empty') return [];
    if ('subscriptionId' in scope && scope.subscriptionId !== undefined) {
      return this.observed(
        event,
        after,
        where(history[0]!),
        scope.connectorId,
        scope.subscriptionId,
      );
    }
    const deliveries: Delivery[] = [];
    const actor = (event.metadata['actor'] as { connector?: unknown } | undefined)?.connector;
    const eventDialect =
      typeof actor === 'string' ? ((await this.connectors.get(actor))?.dialect ?? null) : null;
    const origin = after.source.connector
      ? await this.connectors.get(after.source.connector)
      : null;
    if (origin && origin.status === 'active') {
      deliveries.push(...this.encode(event, origin, 'origin', after, eventDialect, scope));
    }
    const previousTargets = new Set(before.status === 'empty' ? [] : before.targets);
    for (const authority of involvedTargets(before, after)) {
      for (const connector of await this.connectors.ofAuthority(authority)) {
        if (connector.id === origin?.id) continue;
        const newcomer = event.type === 'RequestRouted' && !previousTargets.has(authority);
        if (newcomer && history[0] && history[0].eventId !== event.eventId) {
          deliveries.push(
            ...this.encode(history[0], connector, 'target', after, eventDialect, scope),
          );
        }
        deliveries.push(...this.encode(event, connector, 'target', after, eventDialect, scope));
      }
    }
    // Subscribers not involved in the request watch it: the canonical event, no personal data.
    const involved = new Set<string>(origin ? [origin.id] : []);
    for (const authority of involvedTargets(before, after)) {
      for (const connector of await this.connectors.ofAuthority(authority)) {
        involved.add(connector.id);
      }
    }
    for (const connector of await this.connectors.subscribers()) {
      if (involved.has(connector.id) || !inScope(connector, scope)) continue;
      const matched = this.matching(connector, event, after, where(history[0]!));
      if (matched.length > 0) deliveries.push(this.watch(event, connector, after, matched));
    }
    return deliveries;
  }

  private async observed(
    event: RecordedEvent,
    state: FiledRequestState,
    inseeCode: string,
    connectorId: string,
    subscriptionId: string,
  ): Promise<Delivery[]> {
    const connector = await this.connectors.get(connectorId);
    if (!connector || connector.status !== 'active') return [];
    const matched = this.matching(connector, event, state, inseeCode).filter(
      (id) => id === subscriptionId,
    );
    return matched.length > 0 ? [this.watch(event, connector, state, matched)] : [];
  }

  /** Ids of the connector's subscriptions that follow this event. */
  private matching(
    connector: Connector,
    event: RecordedEvent,
    state: FiledRequestState,
    inseeCode: string,
  ): string[] {
    const candidate = {
      eventType: event.type,
      category: state.category,
      inseeCode,
      targets: state.targets,
    };
    return (connector.subscriptions ?? [])
      .filter((subscription) => subscriptionMatches(subscription, candidate, this.territory))
      .map((subscription) => subscription.id);
  }

  private watch(
    event: RecordedEvent,
    connector: Connector,
    state: FiledRequestState,
    subscriptionIds: readonly string[],
  ): Delivery {
    const message = toCloudEventMessage({ ...event, personal: null }, this.source);
    return {
      connectorId: connector.id,
      topic: outTopic(connector.id),
      subscriptionIds,
      message: {
        ...message,
        key: state.requestId,
        headers: { ...message.headers, ce_maillageeventtype: event.type },
      },
    };
  }

  private encode(
    event: RecordedEvent,
    connector: Connector,
    role: 'origin' | 'target',
    state: FiledRequestState,
    eventDialect: DialectId | null,
    scope: DeliveryScope,
  ): Delivery[] {
    if (!inScope(connector, scope)) return [];
    const dialect = this.dialectOf(connector.dialect);
    const context = {
      ...dialectContext(connector),
      role,
      externalId:
        role === 'origin'
          ? state.source.externalId
          : (state.acknowledgements[connector.authority] ?? null),
      category: state.category,
      eventDialect,
    };
    // Kafka keeps a record for the topic's retention and an erasure cannot rewrite it: the
    // contact is withheld there (the dialects' "no contact" shape) and claimed over HTTP.
    const withholding = 'kafka' in scope && event.personal !== null;
    const native = dialect.encode(viewOf(event, withholding), context);
    if (!native) return [];
    // Told apart from a citizen who gave no contact: the message would have carried one.
    const withheld =
      withholding &&
      JSON.stringify(dialect.encode(viewOf(event, false), context)?.body) !==
        JSON.stringify(native.body);
    return [
      {
        connectorId: connector.id,
        topic: outTopic(connector.id),
        message: {
          key: state.requestId,
          headers: {
            ce_specversion: CLOUD_EVENTS_SPEC_VERSION,
            ce_id: event.eventId,
            ce_source: this.source,
            ce_type: `fr.maillage.dialect.${dialect.id}.${native.kind}`,
            ce_time: event.recordedAt,
            ce_subject: state.requestId,
            ce_maillageeventtype: event.type,
            ...(withheld ? { [PERSONAL_DATA_HEADER]: personalDataPath(state.requestId) } : {}),
            'content-type': CLOUD_EVENT_CONTENT_TYPE,
          },
          value: Buffer.from(JSON.stringify(native.body)),
        },
      },
    ];
  }
}

/** The commune a request is located in, from its filing (the location never changes). */
function where(filing: RecordedEvent): string {
  const location = filing.data['location'] as { inseeCode?: unknown } | undefined;
  return typeof location?.inseeCode === 'string' ? location.inseeCode : '';
}

function inScope(connector: Connector, scope: DeliveryScope): boolean {
  return 'kafka' in scope ? connector.delivery.kafka : connector.id === scope.connectorId;
}

/** Targets before and after the event, without duplicates, in a stable order. */
function involvedTargets(before: ServiceRequestState, after: FiledRequestState): AuthorityId[] {
  const targets = new Set<AuthorityId>(before.status === 'empty' ? [] : before.targets);
  for (const target of after.targets) targets.add(target);
  return [...targets];
}

function viewOf(event: RecordedEvent, withholdPersonal: boolean): CanonicalEventView {
  return {
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    personal: withholdPersonal ? null : event.personal,
    metadata: event.metadata,
    position: event.position,
    recordedAt: event.recordedAt,
  };
}

/**
 * A message of the events topic names an event the store does not hold (not yet visible, or a
 * topic shared with another hub's store). Typed, so that logs and dead letters say which event and
 * why (an untyped error's message is withheld); retried like any failure, then dead-lettered.
 */
export class EventNotInStoreError extends Error {
  readonly code = 'DISPATCH.EVENT_NOT_IN_STORE';

  constructor(eventId: string, revision: number) {
    super(`event ${eventId} is not in the store at revision ${revision}`);
    this.name = 'EventNotInStoreError';
  }
}
