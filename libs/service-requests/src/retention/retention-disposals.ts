import { streamIdFor } from '@maillage/domain';
import { type EventStore, WrongExpectedRevisionError } from '@maillage/event-store';
import { type DataKeys, ERASED, type PersonalDataRedactors } from '@maillage/personal-data';
import type { OperationChannel } from '../erasure/erasure-report';
import type { PersonalDataTrail } from '../erasure/personal-data-trail';
import type { ServiceRequestRepository } from '../persistence/service-request.repository';
import type { Clock } from '../persistence/tokens';
import type { RequestIds } from '../request-ids';
import type { ArchiveExport, ArchivedFile } from './archive-export';
import {
  type ApprovedRequest,
  RetentionApprovals,
  type RetentionDisposalApproved,
} from './retention-approvals';
import type { RetentionDueList } from './retention-due-list';
import { RetentionError } from './retention.error';
import { requestRetentionOf } from './request-retention';

const PERSONAL_FIELDS = ['name', 'email', 'phone', 'address'] as const;
const MAX_REQUESTS = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An approval as given by the archives service. */
export interface ApprovalRequest {
  /** Who approves: a role and service (e.g. `Directeur des Archives départementales du Loiret`). */
  readonly approver: string;
  /** The archives service's reference of its approval (visa d'élimination). */
  readonly archivesReference: string;
  readonly requestIds: readonly string[];
  readonly via: OperationChannel;
}

/** What became of one approved request. */
export interface DisposedRequest extends ApprovedRequest {
  readonly approvalId: string;
  /** `recorded` by this call, or `already_recorded` by an earlier approval (then completed). */
  readonly approval: 'recorded' | 'already_recorded';
  /** Keys destroyed by this call (0 on a repeat that found them gone). */
  readonly keysDestroyed: number;
  /**
   * Subjects whose data here is sealed under a subject key (made before keys were per request)
   * that still opens a live request of theirs: it stays readable until that one is disposed of
   * too, or the citizen erased.
   */
  readonly subjectKeysKept: number;
  readonly archive: ArchivedFile | null;
  readonly erasureEventsRecorded: number;
}

export interface DisposalReport {
  readonly approvalId: string | null;
  readonly approvedAt: string | null;
  readonly policyVersion: string;
  readonly approver: string;
  readonly archivesReference: string;
  readonly manifest: string | null;
  readonly requests: readonly DisposedRequest[];
}

export interface RetentionDisposalsDependencies {
  readonly raw: EventStore;
  readonly store: EventStore;
  readonly keys: DataKeys;
  readonly repository: ServiceRequestRepository;
  readonly ids: RequestIds;
  readonly clock: Clock;
  readonly redactors: PersonalDataRedactors;
  readonly trail: PersonalDataTrail;
  readonly dueList: RetentionDueList;
  readonly archives: ArchiveExport;
}

/**
 * Disposes of requests at the end of their retention period, on the archives service's approval
 * only: the approval is recorded first (`RetentionDisposalApproved`, no personal data), then for
 * each request its file is exported for the archives (disposition `archive`), the keys of its
 * citizens' data in it are destroyed, the copies the hub keeps are redacted, and
 * `PersonalDataErased` (`archives_disposal`) is recorded on it so that the tools involved erase
 * theirs. A request not due, or unknown, refuses the whole approval: nothing is recorded.
 * Idempotent: approving again records nothing and completes what a call cut short left.
 */
export class RetentionDisposals {
  private readonly approvals: RetentionApprovals;

  constructor(private readonly deps: RetentionDisposalsDependencies) {
    this.approvals = new RetentionApprovals(deps.raw);
  }

  async approve(input: ApprovalRequest): Promise<DisposalReport> {
    const { approver, archivesReference, requestIds } = validated(input);
    const { clock, dueList, ids } = this.deps;
    for (let attempt = 0; ; attempt++) {
      const recorded = await this.approvals.load();
      const now = clock();
      const fresh: ApprovedRequest[] = [];
      for (const [index, requestId] of requestIds.entries()) {
        const standing = await dueList.standingOf(requestId, now, recorded);
        const field = `requestIds/${index}`;
        if (standing.kind === 'unknown') {
          throw new RetentionError(
            'RETENTION.UNKNOWN_REQUEST',
            `request ${requestId} is not held by this hub`,
            field,
          );
        }
        if (standing.kind === 'open') {
          throw new RetentionError(
            'RETENTION.NOT_DUE',
            `request ${requestId} is not closed: its retention period has not started`,
            field,
          );
        }
        if (standing.kind === 'not_due') {
          throw new RetentionError(
            'RETENTION.NOT_DUE',
            `request ${requestId} is kept until ${standing.dueAt} (policy ${dueList.policyVersion})`,
            field,
          );
        }
        if (standing.kind === 'due') fresh.push(standing.due);
      }
      let approval: RetentionDisposalApproved | null = null;
      if (fresh.length > 0) {
        approval = {
          approvalId: ids.random(),
          approvedAt: now.toISOString(),
          approver,
          archivesReference,
          policyVersion: dueList.policyVersion,
          requests: fresh,
        };
        try {
          await this.approvals.record(
            approval,
            input.via.principal === 'cli' ? 'cli' : 'admin',
            recorded.revision,
          );
        } catch (error) {
          // Another approval landed meanwhile: decide again on what it recorded.
          if (error instanceof WrongExpectedRevisionError && attempt < 5) continue;
          throw error;
        }
      }
      const byRequest = new Map(recorded.byRequest);
      for (const request of approval?.requests ?? [])
        byRequest.set(request.requestId, { approval: approval!, request });
      return this.dispose(requestIds, byRequest, approval, {
        approver,
        archivesReference,
        via: input.via,
      });
    }
  }

  private async dispose(
    requestIds: readonly string[],
    approved: ReadonlyMap<
      string,
      { approval: RetentionDisposalApproved; request: ApprovedRequest }
    >,
    fresh: RetentionDisposalApproved | null,
    asked: { approver: string; archivesReference: string; via: OperationChannel },
  ): Promise<DisposalReport> {
    const disposedStreams = new Set([...approved.keys()].map(streamIdFor));
    const results: DisposedRequest[] = [];
    const archived = new Map<
      string,
      { approval: RetentionDisposalApproved; files: ArchivedFile[] }
    >();
    for (const requestId of requestIds) {
      const { approval, request } = approved.get(requestId)!;
      const result = await this.disposeOne(approval, request, disposedStreams);
      results.push({ ...result, approval: approval === fresh ? 'recorded' : 'already_recorded' });
      if (result.archive) {
        const entry = archived.get(approval.approvalId) ?? { approval, files: [] };
        entry.files.push(result.archive);
        archived.set(approval.approvalId, entry);
      }
    }
    let manifest: string | null = null;
    for (const { approval, files } of archived.values()) {
      const written = this.deps.archives.writeManifest(approval, files);
      if (approval === fresh) manifest = written;
    }
    const keysDestroyed = results.reduce((sum, r) => sum + r.keysDestroyed, 0);
    this.deps.trail.record({
      outcome: 'disposed',
      code: 'RETENTION.DISPOSED',
      principal: asked.via.principal,
      authority: null,
      attempt: asked.via.attempt,
      detail:
        `retention approval ${fresh?.approvalId ?? 'already recorded'} (archives reference recorded in the approval): ` +
        `${results.length} request(s) [${results.map((r) => r.requestId).join(', ')}], ` +
        `${keysDestroyed} key(s) destroyed, ${results.filter((r) => r.archive).length} archived`,
    });
    return {
      approvalId: fresh?.approvalId ?? null,
      approvedAt: fresh?.approvedAt ?? null,
      policyVersion: fresh?.policyVersion ?? this.deps.dueList.policyVersion,
      approver: asked.approver,
      archivesReference: asked.archivesReference,
      manifest,
      requests: results,
    };
  }

  /** Export (when archived), then keys, redactions, erasure events: each step idempotent. */
  private async disposeOne(
    approval: RetentionDisposalApproved,
    request: ApprovedRequest,
    disposedStreams: ReadonlySet<string>,
  ): Promise<Omit<DisposedRequest, 'approval'>> {
    const { raw, store, keys, redactors, repository } = this.deps;
    const streamId = streamIdFor(request.requestId);
    const stored = await raw.readStream(streamId);
    const facts = requestRetentionOf(stored)!;
    const opened = await store.readStream(streamId);
    const archive =
      request.disposition === 'archive'
        ? this.deps.archives.write(approval, request.requestId, opened)
        : null;
    const destruction = { erasureId: approval.approvalId, erasedAt: approval.approvedAt };
    let keysDestroyed = 0;
    let subjectKeysKept = 0;
    let erasureEventsRecorded = 0;
    for (const [subjectId, eventIds] of facts.subjects) {
      const values = valuesOf(opened, subjectId);
      keysDestroyed += (await keys.destroyScoped([{ subjectId, streamId }], destruction)).length;
      const subjectKey = (await keys.liveKeys(subjectId)).find((key) => key.streamId === null);
      if (subjectKey && sealedWith(stored, subjectId, subjectKey.keyId)) {
        if (await this.stillNeeded(subjectId, subjectKey.keyId, disposedStreams)) {
          subjectKeysKept += 1;
          continue;
        }
        if (await keys.destroySubjectKey(subjectId, destruction)) keysDestroyed += 1;
      }
      for (const redactor of redactors.all()) {
        await redactor.redact({
          subjectId,
          erasureId: approval.approvalId,
          streamIds: [streamId],
          eventIds,
          values,
        });
      }
      const actor = { authority: facts.origin, connector: null };
      const result = await repository.execute(request.requestId, { actor }, () => ({
        type: 'RecordErasure',
        actor,
        subjectId,
        erasureId: approval.approvalId,
        legalBasis: 'archives_disposal',
        requester: `Archives: ${approval.archivesReference}`.slice(0, 200),
      }));
      if (!result.replayed) erasureEventsRecorded += 1;
    }
    return {
      ...request,
      approvalId: approval.approvalId,
      keysDestroyed,
      subjectKeysKept,
      archive,
      erasureEventsRecorded,
    };
  }

  /** Whether a subject key still seals data of the subject in a request not disposed of. */
  private async stillNeeded(
    subjectId: string,
    keyId: string,
    disposedStreams: ReadonlySet<string>,
  ): Promise<boolean> {
    for (const streamId of await this.deps.keys.streamsOf(subjectId)) {
      if (disposedStreams.has(streamId)) continue;
      if (sealedWith(await this.deps.raw.readStream(streamId), subjectId, keyId)) return true;
    }
    return false;
  }
}

function sealedWith(
  events: readonly { personal: Record<string, unknown> | null }[],
  subjectId: string,
  keyId: string,
): boolean {
  return events.some(
    (event) => event.personal?.['subjectId'] === subjectId && event.personal['kid'] === keyId,
  );
}

/** The subject's clear values in these (opened) events, for the redactors; in memory only. */
function valuesOf(
  events: readonly { personal: Record<string, unknown> | null }[],
  subjectId: string,
): string[] {
  const values = new Set<string>();
  for (const event of events) {
    if (event.personal?.['subjectId'] !== subjectId) continue;
    for (const field of PERSONAL_FIELDS) {
      const value = event.personal[field];
      if (typeof value === 'string' && value !== ERASED && value.trim()) values.add(value);
    }
  }
  return [...values];
}

function validated(input: ApprovalRequest): ApprovalRequest {
  const text = (value: unknown, field: string, what: string): string => {
    const trimmed = typeof value === 'string' ? value.trim() : '';
    if (trimmed === '' || trimmed.length > 200) {
      throw new RetentionError(
        'RETENTION.INVALID',
        `${field} must name ${what}, in 1 to 200 characters`,
        field,
      );
    }
    return trimmed;
  };
  const approver = text(input.approver, 'approver', 'who approves (a role and service)');
  const archivesReference = text(
    input.archivesReference,
    'archivesReference',
    "the archives service's reference of its approval (visa d'élimination)",
  );
  const requestIds = Array.isArray(input.requestIds) ? input.requestIds : [];
  if (requestIds.length === 0 || requestIds.length > MAX_REQUESTS) {
    throw new RetentionError(
      'RETENTION.INVALID',
      `requestIds must list 1 to ${MAX_REQUESTS} request ids`,
      'requestIds',
    );
  }
  for (const [index, id] of requestIds.entries()) {
    if (typeof id !== 'string' || !UUID.test(id)) {
      throw new RetentionError(
        'RETENTION.INVALID',
        'a request id is a lowercase UUID',
        `requestIds/${index}`,
      );
    }
    if (requestIds.indexOf(id) !== index) {
      throw new RetentionError(
        'RETENTION.INVALID',
        `request ${id} is listed twice`,
        `requestIds/${index}`,
      );
    }
  }
  return { ...input, approver, archivesReference, requestIds };
}
