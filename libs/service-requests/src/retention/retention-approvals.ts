import type { EventStore, JsonObject } from '@maillage/event-store';
import type { Disposition } from './retention-policy';

/** The stream of the archives service's approvals: one of its own, beside the request streams. */
export const RETENTION_APPROVALS_STREAM = 'retention-approvals';

/** One request as approved for disposal: the facts the approval was given on. */
export interface ApprovedRequest {
  readonly requestId: string;
  readonly category: string;
  /** The policy rule that applied: a category prefix, or `*` for the default. */
  readonly rule: string;
  /** The rule's period (ISO 8601 duration). */
  readonly retention: string;
  readonly disposition: Disposition;
  readonly closedAt: string;
  readonly dueAt: string;
}

/**
 * `RetentionDisposalApproved` (`schemas/events/retention-disposal-approved.v1.schema.json`): the
 * archives service approved the disposal of these requests (visa d'élimination). Holds no
 * personal data. Recorded before anything is destroyed: no key goes without one.
 */
export interface RetentionDisposalApproved {
  readonly approvalId: string;
  readonly approvedAt: string;
  /** Who approved, for the archives service (a person's role and service, not a citizen). */
  readonly approver: string;
  /** The archives service's reference of the approval (its visa d'élimination). */
  readonly archivesReference: string;
  /** The version of the retention policy the due dates were computed with. */
  readonly policyVersion: string;
  readonly requests: readonly ApprovedRequest[];
}

/** How an approval reached the hub: the admin API or the command line. */
export type ApprovalChannel = 'admin' | 'cli';

/** The approvals recorded so far, by request, and the stream's revision to append after. */
export interface RecordedApprovals {
  readonly revision: number | 'no_stream';
  readonly byRequest: ReadonlyMap<
    string,
    { readonly approval: RetentionDisposalApproved; readonly request: ApprovedRequest }
  >;
}

/** Reads and appends the approvals stream (on the raw store: it holds no personal data). */
export class RetentionApprovals {
  constructor(private readonly store: EventStore) {}

  async load(): Promise<RecordedApprovals> {
    const events = await this.store.readStream(RETENTION_APPROVALS_STREAM);
    const byRequest = new Map<
      string,
      { approval: RetentionDisposalApproved; request: ApprovedRequest }
    >();
    for (const event of events) {
      if (event.type !== 'RetentionDisposalApproved') continue;
      const approval = event.data as unknown as RetentionDisposalApproved;
      for (const request of approval.requests) {
        if (!byRequest.has(request.requestId))
          byRequest.set(request.requestId, { approval, request });
      }
    }
    return { revision: events.length === 0 ? 'no_stream' : events.length - 1, byRequest };
  }

  /**
   * Appends the approval after `revision`: a concurrent approval makes it fail with
   * `STORE.WRONG_EXPECTED_REVISION`, and the caller decides again on what it recorded.
   */
  async record(
    approval: RetentionDisposalApproved,
    channel: ApprovalChannel,
    revision: number | 'no_stream',
  ): Promise<void> {
    await this.store.appendToStream(
      RETENTION_APPROVALS_STREAM,
      [
        {
          eventId: approval.approvalId,
          type: 'RetentionDisposalApproved',
          data: approval as unknown as JsonObject,
          personal: null,
          metadata: {
            eventId: approval.approvalId,
            correlationId: approval.approvalId,
            causationId: null,
            actor: { channel },
            occurredAt: approval.approvedAt,
            recordedAt: approval.approvedAt,
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: revision },
    );
  }
}
