import type { RecordedEvent } from '@maillage/event-store';
import type { RequestSummary } from './request-summary';

export interface RequestListQuery {
  /** Requests that involve this authority (filed by it or routed to it). */
  readonly authority?: string;
  readonly status?: string;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface RequestPage {
  readonly items: readonly RequestSummary[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/**
 * The requests' current state, kept by a projection of the global log. `apply` stores the new
 * summaries and the projection's checkpoint in one transaction, so a crash never applies an event
 * twice nor skips one.
 */
export interface RequestReadModel {
  /** Last global position applied (0 when empty). */
  checkpoint(): Promise<number>;
  /** Applies events in order and moves the checkpoint to the last one, atomically. */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  get(id: string): Promise<RequestSummary | null>;
  /** The request a target tool acknowledged under its own `reference`, if any. */
  findByReference(authority: string, reference: string): Promise<string | null>;
  list(query: RequestListQuery): Promise<RequestPage>;
  /** Empties the read model and its checkpoint, for a rebuild from position zero. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
