import {
  type PersonalData,
  type ServiceRequestCommand,
  type ServiceRequestEvent,
  type ServiceRequestState,
  decide,
  foldEvents,
  streamIdFor,
} from '@maillage/domain';
import {
  EventIdConflictError,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@maillage/event-store';
import type { CommandContext } from '../command-context';
import type { CommandResult } from '../command-result';
import { ConcurrentUpdateError } from '../errors/concurrent-update.error';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import type { RequestIds } from '../request-ids';
import type { Clock } from './tokens';

/** Commands record at most this many events; ids past it are never derived. */
const MAX_EVENTS_PER_COMMAND = 4;

/** A request's history as read from the store, with the state folded from it. */
export interface LoadedRequest {
  readonly events: RecordedEvent[];
  readonly state: ServiceRequestState;
}

/**
 * Runs one command against one request stream: load, decide, append with the expected revision.
 * A concurrent writer makes the append fail; the command is then decided again on the new state,
 * a bounded number of times. Nothing else happens here: publishing is done from the committed log.
 */
export class ServiceRequestRepository {
  constructor(
    private readonly store: EventStore,
    private readonly ids: RequestIds,
    private readonly clock: Clock,
    private readonly retries: number,
  ) {}

  async load(requestId: string): Promise<LoadedRequest> {
    const events = await this.store.readStream(streamIdFor(requestId));
    return { events, state: foldEvents(events.map(toDomainEvent)) };
  }

  async execute(
    requestId: string,
    context: CommandContext,
    commandFor: (state: ServiceRequestState) => ServiceRequestCommand,
  ): Promise<CommandResult> {
    const idempotentIds = context.idempotencyKey
      ? Array.from({ length: MAX_EVENTS_PER_COMMAND }, (_, index) =>
          this.ids.forIdempotentEvent(context.actor.authority, context.idempotencyKey!, index),
        )
      : null;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const { events, state } = await this.load(requestId);
      if (idempotentIds) {
        const earlier = events.filter((event) => idempotentIds.includes(event.eventId));
        if (earlier.length > 0) return replay(requestId, events, earlier);
      }
      const decided = decide(commandFor(state), state);
      if (decided.length === 0) return replay(requestId, events, []);
      const toAppend = this.withMetadata(decided, events, context, idempotentIds);
      try {
        await this.store.appendToStream(streamIdFor(requestId), toAppend, {
          expectedRevision: events.length === 0 ? 'no_stream' : events.length - 1,
        });
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) continue;
        if (error instanceof EventIdConflictError && idempotentIds) {
          throw new IdempotencyKeyReusedError();
        }
        throw error;
      }
      const recorded = await this.store.readStream(streamIdFor(requestId), {
        fromRevision: events.length,
      });
      const ids = new Set(toAppend.map((event) => event.eventId));
      const mine = recorded.filter((event) => ids.has(event.eventId));
      return { requestId, revision: mine.at(-1)!.revision, events: mine, replayed: false };
    }
    throw new ConcurrentUpdateError(requestId, this.retries + 1);
  }

  private withMetadata(
    decided: readonly ServiceRequestEvent[],
    history: readonly RecordedEvent[],
    context: CommandContext,
    idempotentIds: readonly string[] | null,
  ): EventToAppend[] {
    const now = this.clock().toISOString();
    const first = history[0];
    const filedCorrelation = first?.metadata['correlationId'];
    const correlationId =
      context.correlationId ??
      (typeof filedCorrelation === 'string' ? filedCorrelation : this.ids.random());
    let causationId: string | null = context.causationId ?? null;
    return decided.map((event, index) => {
      const eventId = idempotentIds?.[index] ?? this.ids.random();
      const metadata = {
        eventId,
        correlationId,
        causationId,
        actor: { authority: context.actor.authority, connector: context.actor.connector },
        occurredAt: context.occurredAt ?? now,
        ...(context.sourceTime ? { sourceTime: { ...context.sourceTime } } : {}),
        recordedAt: now,
        schemaVersion: 1,
      };
      // Later events of the same decision were caused by the first (routing by filing).
      causationId = eventId;
      return {
        eventId,
        type: event.type,
        data: event.data as unknown as JsonObject,
        personal: event.personal as unknown as JsonObject | null,
        metadata,
      };
    });
  }
}

/** The domain's view of a stored event. The place to upcast older schema versions. */
export function toDomainEvent(recorded: RecordedEvent): ServiceRequestEvent {
  return {
    type: recorded.type,
    data: recorded.data,
    personal: recorded.personal as PersonalData | null,
  } as unknown as ServiceRequestEvent;
}

function replay(
  requestId: string,
  history: readonly RecordedEvent[],
  earlier: readonly RecordedEvent[],
): CommandResult {
  const revision = earlier.at(-1)?.revision ?? history.length - 1;
  return { requestId, revision, events: earlier, replayed: true };
}
