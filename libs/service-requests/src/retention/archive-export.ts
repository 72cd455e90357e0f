import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '@maillage/event-store';
import type { RetentionDisposalApproved } from './retention-approvals';

/** One request's file as exported for the archives service. */
export interface ArchivedFile {
  readonly requestId: string;
  /** Relative to the archives directory. */
  readonly file: string;
  readonly events: number;
  readonly sha256: string;
}

/**
 * Exports request files for the archives service before their keys go: per approval, a
 * directory `<archives dir>/<approval id>/` with each request's history, opened (personal data in
 * clear: the archives service keeps what it selects), one event per line (NDJSON), and
 * `manifest.json` (the approval, and each file's SHA-256). Files are 0600 in a 0700 directory,
 * written to a temporary name and renamed, so a file that exists is whole. A file that exists
 * already is never written again: after its keys are gone a second export would hold `[effacé]`.
 */
export class ArchiveExport {
  constructor(private readonly dir: string) {}

  /** Writes the request's file unless it exists; answers its name and hash either way. */
  write(approval: RetentionDisposalApproved, requestId: string, events: readonly RecordedEvent[]) {
    const folder = this.folderOf(approval.approvalId);
    const name = `request-${requestId}.ndjson`;
    const path = join(folder, name);
    if (!existsSync(path)) {
      writeDurably(path, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    }
    const bytes = readFileSync(path);
    return {
      requestId,
      file: `${approval.approvalId}/${name}`,
      events: bytes.toString('utf8').split('\n').filter(Boolean).length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    } satisfies ArchivedFile;
  }

  /** (Re)writes the approval's manifest over the files it names. */
  writeManifest(approval: RetentionDisposalApproved, files: readonly ArchivedFile[]): string {
    const path = join(this.folderOf(approval.approvalId), 'manifest.json');
    writeDurably(path, `${JSON.stringify({ approval, files }, null, 2)}\n`);
    return `${approval.approvalId}/manifest.json`;
  }

  private folderOf(approvalId: string): string {
    const folder = join(this.dir, approvalId);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return folder;
  }
}

function writeDurably(path: string, content: string): void {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, content, { mode: 0o600, flush: true });
  renameSync(temporary, path);
}
