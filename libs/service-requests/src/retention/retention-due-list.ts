import { streamIdFor } from '@maillage/domain';
import type { EventStore } from '@maillage/event-store';
import type { Clock } from '../persistence/tokens';
import type { RequestReadModel } from '../read-model/request-read-model.port';
import type { ApprovedRequest, RecordedApprovals, RetentionApprovals } from './retention-approvals';
import type { RetentionPolicy } from './retention-policy';
import { type RequestRetention, requestRetentionOf } from './request-retention';

/** What a closed request's status is in the read model: the close outcomes. */
const CLOSED_STATUSES = ['resolved', 'rejected', 'closed_without_action'] as const;
const PAGE_SIZE = 500;

/** A request whose retention period is over, waiting for the archives service's approval. */
export type DueRequest = ApprovedRequest;

/** The due list: what is due as of a date, under one policy version. No personal data. */
export interface DueList {
  readonly asOf: string;
  readonly policyVersion: string;
  readonly items: readonly DueRequest[];
}

/** Where a request stands for retention, as of a date. */
export type RetentionStanding =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'approved'; readonly approvalId: string }
  | { readonly kind: 'open'; readonly facts: RequestRetention }
  | { readonly kind: 'not_due'; readonly facts: RequestRetention; readonly dueAt: string }
  | { readonly kind: 'due'; readonly facts: RequestRetention; readonly due: DueRequest };

export interface RetentionDueListDependencies {
  /** The store as stored: only `data` and subject ids are read, never a personal part opened. */
  readonly raw: EventStore;
  readonly readModel: RequestReadModel;
  readonly approvals: RetentionApprovals;
  readonly policy: RetentionPolicy;
  readonly clock: Clock;
}

/**
 * Computes which closed requests have outlived their retention period, for the archives service
 * to approve. Destroys nothing and records nothing. The read model names the closed requests;
 * each is then read from its stream — the source of truth for when it closed — so a read model
 * that lags can only delay a request's listing, never list one that is not due.
 */
export class RetentionDueList {
  constructor(private readonly deps: RetentionDueListDependencies) {}

  get policyVersion(): string {
    return this.deps.policy.version;
  }

  /** The requests due as of `asOf` (default: the hub clock), oldest due date first. */
  async due(asOf: Date = this.deps.clock()): Promise<DueList> {
    const approved = await this.deps.approvals.load();
    const items: DueRequest[] = [];
    for (const requestId of await this.closedRequestIds()) {
      if (approved.byRequest.has(requestId)) continue;
      const standing = await this.standingOf(requestId, asOf, approved);
      if (standing.kind === 'due') items.push(standing.due);
    }
    items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.requestId.localeCompare(b.requestId));
    return { asOf: asOf.toISOString(), policyVersion: this.deps.policy.version, items };
  }

  /** One request's standing as of `asOf`, read from its stream. */
  async standingOf(
    requestId: string,
    asOf: Date,
    approved: RecordedApprovals,
  ): Promise<RetentionStanding> {
    const recorded = approved.byRequest.get(requestId);
    if (recorded) return { kind: 'approved', approvalId: recorded.approval.approvalId };
    const facts = requestRetentionOf(await this.deps.raw.readStream(streamIdFor(requestId)));
    if (!facts) return { kind: 'unknown' };
    if (facts.closedAt === null) return { kind: 'open', facts };
    const rule = this.deps.policy.ruleFor(facts.category);
    const dueAt = this.deps.policy.dueAt(facts.category, new Date(facts.closedAt)).toISOString();
    if (dueAt > asOf.toISOString()) return { kind: 'not_due', facts, dueAt };
    return {
      kind: 'due',
      facts,
      due: {
        requestId,
        category: facts.category,
        rule: rule.category,
        retention: rule.period.iso,
        disposition: rule.disposition,
        closedAt: facts.closedAt,
        dueAt,
      },
    };
  }

  private async closedRequestIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const status of CLOSED_STATUSES) {
      for (let page = 1; ; page++) {
        const { items } = await this.deps.readModel.list({ status, page, pageSize: PAGE_SIZE });
        ids.push(...items.map((summary) => summary.id));
        if (items.length < PAGE_SIZE) break;
      }
    }
    return ids;
  }
}
