import { streamIdFor } from '@maillage/domain';
import { canReadStoredLog, type EventStore, type RecordedEvent } from '@maillage/event-store';
import type { Writable } from 'node:stream';
import { everInvolved, type RequestSummary } from '@maillage/service-requests';
import { authorityAsOf, requestAsOf } from './as-of/as-of';
import { exportBundle } from './bundle/export-bundle';
import type { BundleManifest } from './bundle/bundle-manifest';
import type { AuditCheckpointStore } from './checkpoints/audit-checkpoint-store.port';
import type { CheckpointFile } from './checkpoints/checkpoint-file';
import { checkpointLog } from './checkpoints/compute-checkpoint';
import { type EventInclusionProof, proveInclusion } from './checkpoints/event-inclusion';
import type { SignedCheckpoint } from './checkpoints/signed-checkpoint';
import { formatHistory, type HistoryFormat } from './replay/history-format';
import type { HistoryFilter } from './replay/history-filter';
import { replayHistory } from './replay/replay-history';
import { storedHistoryNdjson } from './replay/stored-history';
import { writeHistory } from './replay/write-history';
import type { AuditSigningKey } from './signing/audit-signing-key';
import { type CheckpointToVerify, verifyEvents } from './verify/log-verifier';
import type { VerificationReport } from './verify/verification-report';
import { readLog } from './replay/read-log';

/**
 * Everything an auditor can do, read-only on the event store: replay, as-of, verification,
 * checkpoints (the only writes, to their own table), proofs and export. Used by the audit API
 * and the `maillage` CLI alike.
 */
export class AuditService {
  constructor(
    private readonly store: EventStore,
    private readonly checkpointStore: AuditCheckpointStore,
    private readonly key: AuditSigningKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }

  get keyId(): string {
    return this.key.keyId;
  }

  /** Whether the request has at least one event. */
  async requestExists(requestId: string): Promise<boolean> {
    return (await this.store.readStream(streamIdFor(requestId), { maxCount: 1 })).length > 0;
  }

  /** Whether the request exists and `authority` took part in it at some point. */
  async involves(requestId: string, authority: string): Promise<boolean> {
    return everInvolved(await this.store.readStream(streamIdFor(requestId)), authority);
  }

  /** The events the filter selects, oldest first, streamed page by page. */
  history(filter: HistoryFilter): AsyncGenerator<RecordedEvent> {
    return replayHistory(this.store, filter);
  }

  /** The same, as lines of NDJSON or CSV. */
  historyLines(filter: HistoryFilter, format: HistoryFormat): AsyncGenerator<string> {
    return formatHistory(this.history(filter), format);
  }

  /**
   * The same bytes as `historyLines`, in chunks for a stream: NDJSON from a store that hands out
   * its log as stored (PostgreSQL) comes without decoding any event (see `writeHistory`).
   */
  async *historyChunks(
    filter: HistoryFilter,
    format: HistoryFormat,
  ): AsyncGenerator<string | Buffer> {
    if (format === 'ndjson' && canReadStoredLog(this.store)) {
      for await (const { chunk } of storedHistoryNdjson(this.store, filter)) yield chunk;
    } else {
      yield* this.historyLines(filter, format);
    }
  }

  /** Writes the history to `out` (not ended), honouring back-pressure; answers the lines written. */
  writeHistory(filter: HistoryFilter, format: HistoryFormat, out: Writable): Promise<number> {
    return writeHistory(this.store, filter, format, out);
  }

  requestAsOf(requestId: string, at: string): Promise<RequestSummary | null> {
    return requestAsOf(this.store, requestId, at);
  }

  authorityAsOf(authority: string, at: string): Promise<RequestSummary[]> {
    return authorityAsOf(this.store, authority, at);
  }

  checkpoints(): Promise<SignedCheckpoint[]> {
    return this.checkpointStore.list();
  }

  /**
   * Signs a checkpoint at the current head and stores it; when one already covers the head, that
   * one is returned. `onlyIfAdvanced`: returns null instead when the head has not moved since
   * the last checkpoint (the periodic checkpoints use it).
   */
  async createCheckpoint(
    options: { onlyIfAdvanced?: boolean } = {},
  ): Promise<SignedCheckpoint | null> {
    const head = await this.store.headPosition();
    const existing = await this.checkpointStore.get(head);
    if (existing) return options.onlyIfAdvanced ? null : existing;
    const checkpoint = await checkpointLog(this.store, this.key, { upTo: head, now: this.now });
    await this.checkpointStore.add(checkpoint);
    return (await this.checkpointStore.get(head)) ?? checkpoint;
  }

  /** Inclusion proof of an event in the checkpoint at `position`; null when either is unknown. */
  async proof(position: number, eventId: string): Promise<EventInclusionProof | null> {
    const checkpoint = await this.checkpointStore.get(position);
    if (!checkpoint) return null;
    return proveInclusion(this.store, checkpoint, eventId);
  }

  /**
   * Re-computes every hash, chain and checkpoint root from the store, against the hub's own
   * checkpoints and, when given, the checkpoints file an auditor kept (checked with that file's
   * key — an auditor who obtained the hub's key beforehand should compare it).
   */
  async verify(options: { readonly trusted?: CheckpointFile } = {}): Promise<VerificationReport> {
    const own: CheckpointToVerify[] = (await this.checkpointStore.list()).map((checkpoint) => ({
      checkpoint,
      source: 'store',
      publicKeyPem: this.key.publicKeyPem,
    }));
    const trusted: CheckpointToVerify[] = (options.trusted?.checkpoints ?? []).map(
      (checkpoint) => ({
        checkpoint,
        source: 'file',
        publicKeyPem: options.trusted!.publicKey,
      }),
    );
    const head = await this.store.headPosition();
    return verifyEvents(readLog(this.store, { upTo: head }), [...own, ...trusted]);
  }

  /** Signs a checkpoint at the head, then writes the bundle up to it. */
  async export(dir: string): Promise<BundleManifest> {
    const checkpoint = await this.createCheckpoint();
    return exportBundle(this.store, {
      dir,
      upTo: checkpoint?.position,
      checkpoints: await this.checkpointStore.list(),
      publicKeyPem: this.key.publicKeyPem,
      now: this.now,
    });
  }
}
