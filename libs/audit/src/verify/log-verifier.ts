import { computeEventHash, type RecordedEvent } from '@maillage/event-store';
import { checkpointMessage, type SignedCheckpoint } from '../checkpoints/signed-checkpoint';
import { MerkleAccumulator } from '../merkle/merkle-accumulator';
import { eventLeaf } from '../merkle/merkle-hash';
import { publicKeyId, verifyEd25519 } from '../signing/audit-signing-key';
import type { CheckpointVerdict, Finding, VerificationReport } from './verification-report';

/** A checkpoint to check the log against, with where it came from and the key that signed it. */
export interface CheckpointToVerify {
  readonly checkpoint: SignedCheckpoint;
  /** `store` (the hub's own table), `file` (kept by an auditor), `bundle`. */
  readonly source: string;
  readonly publicKeyPem: string;
}

const keyIds = new Map<string, string>();
/** `publicKeyId`, parsed once per key (verification settles many checkpoints with one key). */
function keyIdOf(publicKeyPem: string): string {
  let id = keyIds.get(publicKeyPem);
  if (id === undefined) {
    id = publicKeyId(publicKeyPem);
    keyIds.set(publicKeyPem, id);
  }
  return id;
}

interface StreamState {
  /** Revision expected next (highest seen + 1). */
  next: number;
  /** Stored hash of the event at revision `next - 1`. */
  lastHash: string | null;
  /** Revisions skipped so far, with the position of the event that skipped them. */
  missing: Array<{ from: number; to: number; seenAt: number }>;
}

/**
 * Checks the global log fed in position order, in one pass: each event's hash against its
 * content, each stream's revisions and hash chain, and the Merkle tree against every checkpoint.
 * Memory: O(streams) for the per-stream tips, O(log n) for the tree — never the events.
 */
export class LogVerifier {
  private readonly tree = new MerkleAccumulator();
  private readonly streams = new Map<string, StreamState>();
  private readonly findings: Finding[] = [];
  private findingCount = 0;
  private lastPosition: number | null = null;
  private readonly pending: CheckpointToVerify[];
  private readonly verdicts: CheckpointVerdict[] = [];
  /** Highest position at which the log matched a checkpoint. */
  private lastVerifiedPosition = 0;

  constructor(
    checkpoints: readonly CheckpointToVerify[] = [],
    private readonly maxFindings = 1000,
  ) {
    this.pending = [...checkpoints].sort((a, b) => a.checkpoint.position - b.checkpoint.position);
  }

  check(event: RecordedEvent): void {
    while (this.pending[0] && this.pending[0].checkpoint.position < event.position) {
      this.settle(this.pending.shift()!, false);
    }
    const at = {
      position: event.position,
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.eventId,
    };
    if (this.lastPosition !== null && event.position <= this.lastPosition) {
      this.report({
        kind: 'position_out_of_order',
        ...at,
        detail: `position ${event.position} comes after position ${this.lastPosition}`,
      });
    }
    this.lastPosition = Math.max(this.lastPosition ?? 0, event.position);
    this.tree.append(eventLeaf(event.position, event.hash));

    const recomputed = computeEventHash(event);
    if (recomputed !== event.hash) {
      this.report({
        kind: 'hash_mismatch',
        ...at,
        detail: `stored hash ${event.hash} but the content hashes to ${recomputed}: data, personal data, metadata or another hashed field was changed`,
      });
    }

    let stream = this.streams.get(event.streamId);
    if (!stream) {
      stream = { next: 0, lastHash: null, missing: [] };
      this.streams.set(event.streamId, stream);
    }
    if (event.revision === stream.next) {
      if (event.previousHash !== stream.lastHash) {
        this.report({
          kind: 'chain_break',
          ...at,
          detail: `previousHash ${event.previousHash ?? 'null'} is not the hash of revision ${event.revision - 1} (${stream.lastHash ?? 'none'}): the event before it was rewritten, or this one was spliced in`,
        });
      }
      stream.next = event.revision + 1;
      stream.lastHash = event.hash;
    } else if (event.revision > stream.next) {
      stream.missing.push({ from: stream.next, to: event.revision - 1, seenAt: event.position });
      stream.next = event.revision + 1;
      stream.lastHash = event.hash;
    } else if (this.fillGap(stream, event.revision)) {
      this.report({
        kind: 'event_out_of_order',
        ...at,
        detail: `revision ${event.revision} comes after revision ${stream.next - 1} of its stream: events were swapped or moved, or this one was inserted`,
      });
    } else {
      this.report({
        kind: 'revision_duplicate',
        ...at,
        detail: `revision ${event.revision} of this stream was already seen: an event was inserted`,
      });
    }
  }

  /** Ends the pass: reports deleted revisions and checks the checkpoints beyond the last event. */
  finish(): VerificationReport {
    for (const [streamId, stream] of this.streams) {
      for (const gap of stream.missing) {
        this.report({
          kind: 'event_missing',
          position: gap.seenAt,
          streamId,
          revision: gap.from,
          detail:
            gap.from === gap.to
              ? `revision ${gap.from} of this stream is missing (deleted); the next event is at position ${gap.seenAt}`
              : `revisions ${gap.from} to ${gap.to} of this stream are missing (deleted); the next event is at position ${gap.seenAt}`,
        });
      }
    }
    while (this.pending.length > 0) this.settle(this.pending.shift()!, true);
    const findings = [...this.findings].sort((a, b) => a.position - b.position);
    return {
      ok: this.findingCount === 0,
      eventsChecked: this.tree.size,
      streams: this.streams.size,
      lastPosition: this.lastPosition ?? 0,
      root: this.tree.root().toString('hex'),
      checkpoints: this.verdicts,
      findings,
      findingCount: this.findingCount,
    };
  }

  private fillGap(stream: StreamState, revision: number): boolean {
    const index = stream.missing.findIndex((gap) => gap.from <= revision && revision <= gap.to);
    if (index < 0) return false;
    const gap = stream.missing[index]!;
    const rest = [
      ...(gap.from < revision ? [{ ...gap, to: revision - 1 }] : []),
      ...(revision < gap.to ? [{ ...gap, from: revision + 1 }] : []),
    ];
    stream.missing.splice(index, 1, ...rest);
    return true;
  }

  /** Compares the tree of every event read so far with a checkpoint at or before this point. */
  private settle(item: CheckpointToVerify, atEnd: boolean): void {
    const { checkpoint, source, publicKeyPem } = item;
    const verdict = (status: CheckpointVerdict['status']) =>
      this.verdicts.push({
        position: checkpoint.position,
        count: checkpoint.count,
        source,
        status,
      });
    const signed =
      checkpoint.keyId === keyIdOf(publicKeyPem) &&
      verifyEd25519(
        publicKeyPem,
        checkpointMessage(checkpoint),
        Buffer.from(checkpoint.signature, 'base64'),
      );
    if (!signed) {
      this.report({
        kind: 'checkpoint_signature_invalid',
        position: checkpoint.position,
        detail: `the ${source} checkpoint at position ${checkpoint.position} is not signed by key ${keyIdOf(publicKeyPem)}: it cannot be trusted`,
      });
      verdict('signature_invalid');
      return;
    }
    const count = this.tree.size;
    const root = this.tree.root().toString('hex');
    if (atEnd && count < checkpoint.count && (this.lastPosition ?? 0) < checkpoint.position) {
      this.report({
        kind: 'log_truncated',
        position: (this.lastPosition ?? 0) + 1,
        afterPosition: this.lastPosition ?? 0,
        detail: `the log ends at position ${this.lastPosition ?? 0} with ${count} events, but the ${source} checkpoint at position ${checkpoint.position} (${checkpoint.createdAt}) covers ${checkpoint.count}: ${checkpoint.count - count} events were removed`,
      });
      verdict('truncated');
      return;
    }
    if (count !== checkpoint.count || root !== checkpoint.root) {
      this.report({
        kind: 'checkpoint_mismatch',
        position: checkpoint.position,
        afterPosition: this.lastVerifiedPosition,
        detail:
          count !== checkpoint.count
            ? `${count} events at positions <= ${checkpoint.position}, but the ${source} checkpoint (${checkpoint.createdAt}) counted ${checkpoint.count}: events were inserted or deleted after position ${this.lastVerifiedPosition}`
            : `the log up to position ${checkpoint.position} no longer has the root the ${source} checkpoint (${checkpoint.createdAt}) signed: events after position ${this.lastVerifiedPosition} were rewritten or reordered`,
      });
      verdict('mismatch');
      return;
    }
    this.lastVerifiedPosition = Math.max(this.lastVerifiedPosition, checkpoint.position);
    verdict('verified');
  }

  private report(finding: Finding): void {
    this.findingCount++;
    if (this.findings.length < this.maxFindings) this.findings.push(finding);
  }
}

/** Runs a `LogVerifier` over events read in position order. */
export async function verifyEvents(
  events: AsyncIterable<RecordedEvent>,
  checkpoints: readonly CheckpointToVerify[] = [],
  maxFindings = 1000,
): Promise<VerificationReport> {
  const verifier = new LogVerifier(checkpoints, maxFindings);
  for await (const event of events) verifier.check(event);
  return verifier.finish();
}
