import {
  DomainError,
  initialState,
  type PersonalData,
  type ServiceRequestCommand,
  type ServiceRequestEvent,
  type ServiceRequestState,
  decide,
  foldEvents,
  streamIdFor,
} from '@maillage/domain';
import {
  type AppendResult,
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

/** Marks a decision overtaken by a concurrent write to the same stream. */
const CONCURRENT_WRITE = Symbol('CONCURRENT_WRITE');

export interface ExecuteOptions {
  /**
   * The stream most likely does not exist yet (its id was just derived for a first filing):
   * decide first on the empty stream and append with `no_stream`, without reading the stream.
   * If it exists after all, that append is refused and the command is decided again on the
   * loaded stream, so the outcome is the same as without the option — only cheaper when right.
   * Default false.
   */
  readonly expectNewStream?: boolean;
}

interface PendingCommand {
  readonly requestId: string;
  readonly context: CommandContext;
  readonly commandFor: (state: ServiceRequestState) => ServiceRequestCommand;
  readonly idempotentIds: readonly string[] | null;
}

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

  /**
   * Decides `commandFor(state)` on the request's stream and appends the events, re-deciding on a
   * concurrent write up to `retries` times. With `expectNewStream`, the first decision is made on
   * the empty stream without reading it (see `ExecuteOptions`).
   */
  async execute(
    requestId: string,
    context: CommandContext,
    commandFor: (state: ServiceRequestState) => ServiceRequestCommand,
    options: ExecuteOptions = {},
  ): Promise<CommandResult> {
    const idempotentIds = context.idempotencyKey
      ? Array.from({ length: MAX_EVENTS_PER_COMMAND }, (_, index) =>
          this.ids.forIdempotentEvent(context.actor.authority, context.idempotencyKey!, index),
        )
      : null;
    const command = { requestId, context, commandFor, idempotentIds };
    if (options.expectNewStream) {
      const filed = await this.decideOnNewStream(command);
      if (filed) return filed;
    }
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const outcome = await this.decideAndAppend(command, await this.load(requestId));
      if (outcome !== CONCURRENT_WRITE) return outcome;
    }
    throw new ConcurrentUpdateError(requestId, this.retries + 1);
  }

  /** One load-decide-append round; `CONCURRENT_WRITE` when the stream moved under it. */
  private async decideAndAppend(
    { requestId, context, commandFor, idempotentIds }: PendingCommand,
    { events, state }: LoadedRequest,
  ): Promise<CommandResult | typeof CONCURRENT_WRITE> {
    if (idempotentIds) {
      const earlier = events.filter((event) => idempotentIds.includes(event.eventId));
      if (earlier.length > 0) return replay(requestId, events, earlier);
    }
    const decided = decide(commandFor(state), state);
    if (decided.length === 0) return replay(requestId, events, []);
    const toAppend = this.withMetadata(decided, events, context, idempotentIds);
    let appended: AppendResult;
    try {
      appended = await this.store.appendToStream(streamIdFor(requestId), toAppend, {
        expectedRevision: events.length === 0 ? 'no_stream' : events.length - 1,
      });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return CONCURRENT_WRITE;
      if (error instanceof EventIdConflictError && idempotentIds) {
        throw new IdempotencyKeyReusedError();
      }
      throw error;
    }
    if (!appended.duplicate) return recordedResult(requestId, appended.events);
    // A concurrent copy of this very call (same idempotent ids) got there first.
    const ids = new Set(toAppend.map((event) => event.eventId));
    const recorded = await this.store.readStream(streamIdFor(requestId), {
      fromRevision: events.length,
    });
    return recordedResult(
      requestId,
      recorded.filter((event) => ids.has(event.eventId)),
    );
  }

  /**
   * The read-free first try of `expectNewStream`: decide on the empty stream and append with
   * `no_stream`. Only a clean write is answered from here. If the stream exists (the append is
   * refused atomically, nothing is written), the ids are already stored, or the decision is
   * refused, it returns null and `execute` decides again on the loaded stream — so the outcome
   * is exactly the one the load-first path gives.
   */
  private async decideOnNewStream({
    requestId,
    context,
    commandFor,
    idempotentIds,
  }: PendingCommand): Promise<CommandResult | null> {
    const state = initialState();
    let toAppend: EventToAppend[];
    try {
      const decided = decide(commandFor(state), state);
      if (decided.length === 0) return null;
      toAppend = this.withMetadata(decided, [], context, idempotentIds);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
    try {
      const appended = await this.store.appendToStream(streamIdFor(requestId), toAppend, {
        expectedRevision: 'no_stream',
      });
      return appended.duplicate ? null : recordedResult(requestId, appended.events);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) {
        return null;
      }
      throw error;
    }
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

function recordedResult(requestId: string, recorded: readonly RecordedEvent[]): CommandResult {
  return { requestId, revision: recorded.at(-1)!.revision, events: recorded, replayed: false };
}

function replay(
  requestId: string,
  history: readonly RecordedEvent[],
  earlier: readonly RecordedEvent[],
): CommandResult {
  const revision = earlier.at(-1)?.revision ?? history.length - 1;
  return { requestId, revision, events: earlier, replayed: true };
}
