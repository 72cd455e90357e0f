import { jsonEvent, type EventData, type Position } from '@eventstore/db-client';

import type { ChainedEvent } from '../append/chain-events';
import type { JsonObject, RecordedEvent } from '../event-store.port';
import { toEsdbEventId } from './esdb-event-id';

const ENVELOPE = 'maillage.event.v1';

/**
 * What Maillage keeps in an EventStoreDB event's METADATA (the event's data stays the plain
 * business `data`, so ESDB's UI and projections show it as is). Everything the hash covers and
 * ESDB does not store natively travels here, and is read back unchanged.
 */
interface MetadataEnvelope {
  readonly envelope: typeof ENVELOPE;
  readonly eventId: string;
  readonly metadata: JsonObject;
  readonly personal: JsonObject | null;
  readonly recordedAt: string;
  readonly hash: string;
  readonly previousHash: string | null;
  /** Copied from `metadata` for ESDB's own projections ($correlationId / $causationId). */
  readonly $correlationId?: string;
  readonly $causationId?: string;
}

/** An event as the ESDB client gives it back (from a stream or from $all). */
export interface EsdbRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

export function toEsdbEvent(event: ChainedEvent): EventData {
  const { correlationId, causationId } = event.metadata;
  const envelope: MetadataEnvelope = {
    envelope: ENVELOPE,
    eventId: event.eventId,
    metadata: event.metadata,
    personal: event.personal,
    recordedAt: event.recordedAt,
    hash: event.hash,
    previousHash: event.previousHash,
    ...(typeof correlationId === 'string' ? { $correlationId: correlationId } : {}),
    ...(typeof causationId === 'string' ? { $causationId: causationId } : {}),
  };
  return jsonEvent({
    id: toEsdbEventId(event.eventId),
    type: event.type,
    data: event.data,
    metadata: envelope,
  });
}

/** `$`-prefixed types and streams are ESDB's own (statistics, settings, links): never ours. */
export function isSystemEvent(event: Pick<EsdbRecordedEvent, 'type' | 'streamId'>): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Position of an event in $all. Since EventStoreDB 20 every event of an append is written as its
 * own self-committed record, so its commit and prepare positions are equal and distinct per
 * event; the commit position is therefore a strictly increasing position of the global log, and
 * `{ commit: p, prepare: p }` resumes exactly after it. Servers older than 22.6 give no position
 * when reading a stream (or u64::MAX): unsupported, and refused loudly.
 */
export function esdbPosition(
  event: Pick<EsdbRecordedEvent, 'position' | 'streamId' | 'revision'>,
): number {
  const commit = event.position?.commit;
  if (commit === undefined || commit >= 2n ** 63n) {
    throw new Error(
      `EventStoreDB gave no log position for ${event.streamId}@${event.revision}: server >= 22.6 required`,
    );
  }
  return Number(commit);
}

/**
 * Reads back a Maillage event. An event written by someone else (no envelope) is exposed as best
 * we can, with an empty `hash`, so that an integrity audit flags it instead of trusting it.
 */
export function fromEsdbEvent(event: EsdbRecordedEvent): RecordedEvent {
  const envelope = event.metadata as Partial<MetadataEnvelope> | undefined;
  const data = event.isJson && isObject(event.data) ? (event.data as JsonObject) : {};
  const base = {
    streamId: event.streamId,
    revision: Number(event.revision),
    position: esdbPosition(event),
    type: event.type,
    data,
  };
  if (isObject(envelope) && envelope.envelope === ENVELOPE) {
    return {
      ...base,
      eventId: envelope.eventId ?? event.id,
      metadata: envelope.metadata ?? {},
      personal: envelope.personal ?? null,
      recordedAt: envelope.recordedAt ?? event.created.toISOString(),
      hash: envelope.hash ?? '',
      previousHash: envelope.previousHash ?? null,
    };
  }
  return {
    ...base,
    eventId: event.id,
    metadata: isObject(envelope) ? envelope : {},
    personal: null,
    recordedAt: event.created.toISOString(),
    hash: '',
    previousHash: null,
  };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
