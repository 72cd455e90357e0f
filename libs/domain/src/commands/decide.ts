import { DomainError } from '../errors/domain-error';
import type { ServiceRequestEvent } from '../events/service-request-event';
import type { ServiceRequestState } from '../state/service-request-state';
import { decideAcknowledgeRequest } from './acknowledge-request/acknowledge-request.decide';
import { decideAddComment } from './add-comment/add-comment.decide';
import { decideChangeStatus } from './change-status/change-status.decide';
import { decideCloseRequest } from './close-request/close-request.decide';
import { decideFileRequest } from './file-request/file-request.decide';
import { decideRecordErasure } from './record-erasure/record-erasure.decide';
import { decideReopenRequest } from './reopen-request/reopen-request.decide';
import type { ServiceRequestCommand } from './service-request-command';
import { decideTransferRequest } from './transfer-request/transfer-request.decide';

/**
 * The ServiceRequest decider: what happens when `command` meets a request in `state`. Pure and
 * deterministic (no clock, no ids, no I/O: they come in through the command), so the same command
 * on the same history always gives the same events, or the same DomainError. An empty result
 * means "already done, nothing to record". Events are in the order they must be appended, in one
 * append.
 *
 * @throws DomainError when the command is refused; nothing must be recorded then.
 */
export function decide(
  command: ServiceRequestCommand,
  state: ServiceRequestState,
): ServiceRequestEvent[] {
  switch (command.type) {
    case 'FileRequest':
      return decideFileRequest(command, state);
    case 'AcknowledgeRequest':
      return decideAcknowledgeRequest(command, state);
    case 'ChangeStatus':
      return decideChangeStatus(command, state);
    case 'AddComment':
      return decideAddComment(command, state);
    case 'TransferRequest':
      return decideTransferRequest(command, state);
    case 'CloseRequest':
      return decideCloseRequest(command, state);
    case 'ReopenRequest':
      return decideReopenRequest(command, state);
    case 'RecordErasure':
      return decideRecordErasure(command, state);
    default: {
      const unknown: { type?: unknown } = command;
      throw new DomainError(
        'REQUEST.INVALID',
        `Unknown command type ${String(unknown.type)}`,
        'type',
      );
    }
  }
}
