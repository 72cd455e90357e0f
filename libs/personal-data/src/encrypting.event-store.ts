import {
  type AppendResult,
  type EventHandler,
  EventStoreError,
  EventStoreUnavailableError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@maillage/event-store';

import { erasedPersonal } from './crypto/erased-personal';
import {
  isSealedPersonal,
  openPersonal,
  sealPersonal,
  type SealedPersonal,
} from './crypto/sealed-personal';
import type { DataKey, DataKeys } from './data-keys';
import { PersonalDataError } from './personal-data.error';

/**
 * The event store as the hub's use cases see it: personal parts encrypted on the way in, opened
 * on the way out. Decorates the store the adapters implement (the "raw" store), which only ever
 * holds and hashes the sealed form (`SealedPersonal`): integrity hashes, the chain and the
 * audit checkpoints cover the ciphertext, so they verify the same before and after an erasure.
 *
 * Reads: a personal part whose key was destroyed reads as `erasedPersonal` (`[effacé]` in every
 * field, the pseudonymous subject id kept); the rest of the event is untouched. A live key that
 * does not open its ciphertext is an error (`PERSONAL_DATA.UNREADABLE`), never a silent erasure.
 * The `hash` and `previousHash` of what this view returns are those of the stored (sealed) event:
 * verify them on the raw store.
 *
 * Owns the inner store and the keys: `close` closes both.
 */
export class EncryptingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: DataKeys,
  ) {}

  /**
   * Seals each personal part with its subject's key (created on the subject's first filing),
   * then appends. The result carries the clear personal parts handed in, as `readStream` on this
   * view returns them. A part already sealed is stored as it is.
   */
  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const sealed = await Promise.all(events.map((event) => this.seal(streamId, event)));
    const result = await this.inner.appendToStream(streamId, sealed, options);
    if (result.events.length === 0) return result;
    const clear = new Map(events.map((event) => [event.eventId, event.personal]));
    return {
      ...result,
      events: result.events.map((recorded) =>
        clear.has(recorded.eventId)
          ? { ...recorded, personal: clear.get(recorded.eventId) ?? null }
          : recorded,
      ),
    };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readAll(options));
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(
      async (event) => handler((await this.open([event]))[0]!),
      options,
    );
  }

  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      await this.keys.close();
    }
  }

  /** Opens every sealed personal part of `events`, fetching the keys they need at once. */
  async open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const pairs = events.flatMap((event) =>
      isSealedPersonal(event.personal)
        ? [
            {
              subjectId: event.personal!['subjectId'] as string,
              streamId: event.streamId,
              keyId: event.personal!['kid'] as string,
            },
          ]
        : [],
    );
    if (pairs.length === 0) return [...events];
    const keys = await keyStore(() => this.keys.forRead(pairs));
    return events.map((event) => {
      if (!isSealedPersonal(event.personal)) return event;
      const sealed = event.personal as unknown as SealedPersonal;
      const key = keys.get(sealed.kid);
      return {
        ...event,
        personal: key
          ? openPersonal(sealed, event.eventId, key.key)
          : erasedPersonal(sealed.subjectId),
      };
    });
  }

  private async seal(streamId: string, event: EventToAppend): Promise<EventToAppend> {
    const { personal } = event;
    if (personal === null || isSealedPersonal(personal)) return event;
    const subjectId = personal['subjectId'];
    if (typeof subjectId !== 'string' || subjectId.trim() === '') {
      throw new PersonalDataError(
        'PERSONAL_DATA.INVALID',
        `event ${event.eventId}: a personal part needs a pseudonymous subjectId to be keyed by`,
      );
    }
    // The key of this citizen's data in this request: a retention disposal of the request
    // destroys it without touching the citizen's other requests.
    const key: DataKey = await keyStore(() => this.keys.forAppend(subjectId, streamId));
    return {
      ...event,
      personal: sealPersonal(personal, subjectId, event.eventId, key) as unknown as JsonObject,
    };
  }
}

/**
 * The key store is part of the store as callers see it: when it cannot be reached, nothing was
 * appended, and the caller is told so as for the event store itself (`STORE.UNAVAILABLE`, 503,
 * retriable) rather than with a vendor error.
 */
async function keyStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PersonalDataError || error instanceof EventStoreError) throw error;
    throw new EventStoreUnavailableError(
      `the key store failed: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  }
}
