import { streamIdFor } from '@maillage/domain';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import type {
  RequestListQuery,
  RequestPage,
  RequestReadModel,
} from '../read-model/request-read-model.port';
import type { RequestSummary } from '../read-model/request-summary';

/** Read side of requests: current state from the read model, history from the event store. */
export class RequestQueries {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: RequestReadModel,
  ) {}

  get(requestId: string): Promise<RequestSummary | null> {
    return this.readModel.get(requestId);
  }

  /** Hub id of the request that `authority`'s tool acknowledged as `reference`, if any. */
  findByReference(authority: string, reference: string): Promise<string | null> {
    return this.readModel.findByReference(authority, reference);
  }

  list(query: RequestListQuery): Promise<RequestPage> {
    return this.readModel.list(query);
  }

  /** Whether the request exists in the store (its first event is there). */
  async exists(requestId: string): Promise<boolean> {
    return (await this.store.readStream(streamIdFor(requestId), { maxCount: 1 })).length > 0;
  }

  /** Every event of the request, in order; empty when there is no such request. */
  history(requestId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamIdFor(requestId));
  }
}
