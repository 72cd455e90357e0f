// The public surface of @maillage/audit.

export { AuditModule, AUDIT_CHECKPOINT_STORE } from './audit.module';
export { AuditService } from './audit.service';
export { openAudit } from './open-audit';

export type { HistoryFilter } from './replay/history-filter';
export { replayHistory, type ReplayOptions } from './replay/replay-history';
export { readLog, readStreamPaged, type ReadLogOptions } from './replay/read-log';
export { type AuditEventLine, toAuditEventLine } from './replay/audit-event-line';
export {
  CSV_COLUMNS,
  HISTORY_FORMATS,
  HISTORY_MEDIA_TYPES,
  formatHistory,
  type HistoryFormat,
} from './replay/history-format';
export { writeLines } from './replay/write-lines';
export { writeHistory } from './replay/write-history';
export { storedHistoryNdjson } from './replay/stored-history';
export { authoritiesInvolvedBy } from './replay/involvement';

export { asOfInstant, authorityAsOf, requestAsOf } from './as-of/as-of';
export {
  canonicalDump,
  dumpRequestReadModel,
  type RequestReadModelEntry,
} from './rebuild/request-read-model-dump';

export { MerkleAccumulator } from './merkle/merkle-accumulator';
export { eventLeaf, leafHash, nodeHash } from './merkle/merkle-hash';
export {
  buildInclusionProof,
  inclusionProofRanges,
  verifyInclusionProof,
} from './merkle/inclusion-proof';

export { AuditSigningKey, publicKeyId, verifyEd25519 } from './signing/audit-signing-key';
export {
  checkpointMessage,
  type Checkpoint,
  type SignedCheckpoint,
} from './checkpoints/signed-checkpoint';
export type { AuditCheckpointStore } from './checkpoints/audit-checkpoint-store.port';
export { SqliteAuditCheckpointStore } from './checkpoints/sqlite.audit-checkpoint-store';
export { PostgresAuditCheckpointStore } from './checkpoints/postgres.audit-checkpoint-store';
export { createAuditCheckpointStore } from './checkpoints/create-audit-checkpoint-store';
export { checkpointLog, computeTree, signCheckpoint } from './checkpoints/compute-checkpoint';
export {
  readCheckpointFile,
  writeCheckpointFile,
  type CheckpointFile,
} from './checkpoints/checkpoint-file';
export {
  proveInclusion,
  verifyEventInclusion,
  type EventInclusionProof,
} from './checkpoints/event-inclusion';

export { LogVerifier, verifyEvents, type CheckpointToVerify } from './verify/log-verifier';
export type {
  CheckpointVerdict,
  Finding,
  FindingKind,
  VerificationReport,
} from './verify/verification-report';

export { BUNDLE_FILES, type BundleManifest } from './bundle/bundle-manifest';
export { BundleError } from './bundle/bundle.error';
export { exportBundle, type ExportBundleOptions } from './bundle/export-bundle';
export { verifyBundle, type BundleVerification } from './bundle/verify-bundle';
export { importBundle, type ImportResult, type ImportTarget } from './bundle/import-bundle';

export { AuditController } from './http/audit.controller';
export { AuditorTokenGuard } from './http/auditor-token.guard';
export { AuditProblemException, type AuditProblem } from './http/audit-problem.exception';
export { AuditProblemFilter } from './http/audit-problem.filter';
