import type { AcknowledgeRequest } from './acknowledge-request/acknowledge-request.command';
import type { AddComment } from './add-comment/add-comment.command';
import type { ChangeStatus } from './change-status/change-status.command';
import type { CloseRequest } from './close-request/close-request.command';
import type { FileRequest } from './file-request/file-request.command';
import type { RecordErasure } from './record-erasure/record-erasure.command';
import type { ReopenRequest } from './reopen-request/reopen-request.command';
import type { TransferRequest } from './transfer-request/transfer-request.command';

/** Everything one can ask of a request. Each command carries who asks (`actor`). */
export type ServiceRequestCommand =
  | FileRequest
  | AcknowledgeRequest
  | ChangeStatus
  | AddComment
  | TransferRequest
  | CloseRequest
  | ReopenRequest
  | RecordErasure;
