import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';

/**
 * One refused attempt (who tried what, and why it was refused), or one operation that destroyed
 * personal data (an erasure, a retention disposal). Never holds personal data.
 */
export interface SecurityEvent {
  readonly at: string;
  /**
   * `unauthenticated` (401), `forbidden` (403), `hidden` (answered 404 not to reveal it exists);
   * `erased` (a citizen's erasure), `disposed` (requests disposed of at the end of retention).
   */
  readonly outcome: 'unauthenticated' | 'forbidden' | 'hidden' | 'erased' | 'disposed';
  /** The stable code the caller was answered with. */
  readonly code: string;
  /** `connector:<id>`, `admin`, `auditor`, or null when no credential was accepted. */
  readonly principal: string | null;
  /** The authority the caller acts for, when known. */
  readonly authority: string | null;
  /** What was attempted: `POST /v1/requests/{id}/status`, or `kafka maillage.in.<id>.v1`. */
  readonly attempt: string;
  readonly detail: string;
}

/** Where security events are kept apart from the application's logs, and for how long. */
export interface SecurityLogFiles {
  readonly dir: string;
  readonly retentionDays: number;
}

const FILE = /^security-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * Security events: every refused call or message is logged (logger context `Security`, one JSON
 * object per line, for a SIEM to collect), kept in a bounded in-memory list of the latest ones,
 * and — once `keepIn` is called at boot — appended to a file of the day in a directory of their
 * own (`security-<YYYY-MM-DD>.jsonl`, mode 0600), apart from the application's logs. The
 * application only ever appends to them; files older than the retention are deleted.
 */
export class SecurityLog {
  private readonly logger = new Logger('Security');
  private readonly latest: SecurityEvent[] = [];
  private files: SecurityLogFiles | null = null;
  private prunedOn: string | null = null;

  constructor(
    private readonly keep = 1000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends every event from now on to the day's file in `files.dir` (null: stops). */
  keepIn(files: SecurityLogFiles | null): void {
    if (files) mkdirSync(files.dir, { recursive: true, mode: 0o700 });
    this.files = files;
    this.prunedOn = null;
  }

  record(event: Omit<SecurityEvent, 'at'>): void {
    const recorded: SecurityEvent = { at: this.now().toISOString(), ...event };
    this.latest.push(recorded);
    if (this.latest.length > this.keep) this.latest.splice(0, this.latest.length - this.keep);
    const line = JSON.stringify({ securityEvent: recorded });
    this.logger.warn(line);
    if (this.files) this.append(this.files, recorded.at.slice(0, 10), line);
  }

  /** The latest events, oldest first. */
  recent(): readonly SecurityEvent[] {
    return [...this.latest];
  }

  private append(files: SecurityLogFiles, day: string, line: string): void {
    try {
      // Made again if it went (a log rotation tool, a cleaned data directory).
      mkdirSync(files.dir, { recursive: true, mode: 0o700 });
      appendFileSync(join(files.dir, `security-${day}.jsonl`), `${line}\n`, {
        mode: 0o600,
        flag: 'a',
      });
      if (this.prunedOn !== day) {
        this.prunedOn = day;
        this.prune(files, day);
      }
    } catch (error) {
      // The event is in the logger's output anyway; a full disk must not fail the refused call.
      this.logger.error(`security log file not written: ${(error as Error).message}`);
    }
  }

  /** Deletes the files of days older than the retention (once a day, at the day's first event). */
  private prune(files: SecurityLogFiles, today: string): void {
    const oldest = new Date(Date.parse(`${today}T00:00:00Z`) - files.retentionDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (const name of readdirSync(files.dir)) {
      const day = FILE.exec(name)?.[1];
      if (day !== undefined && day < oldest) rmSync(join(files.dir, name), { force: true });
    }
  }
}

/** The process's security log. */
export const securityLog = new SecurityLog();
