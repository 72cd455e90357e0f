import { Logger } from '@nestjs/common';

/** One refused attempt: who tried what, and why it was refused. Never holds personal data. */
export interface SecurityEvent {
  readonly at: string;
  /** `unauthenticated` (401), `forbidden` (403), `hidden` (answered 404 not to reveal it exists). */
  readonly outcome: 'unauthenticated' | 'forbidden' | 'hidden';
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

/**
 * Security events: every refused call or message is logged (logger context `Security`, one JSON
 * object per line, for a SIEM to collect) and kept in a bounded in-memory list of the latest ones.
 */
export class SecurityLog {
  private readonly logger = new Logger('Security');
  private readonly latest: SecurityEvent[] = [];

  constructor(private readonly keep = 1000) {}

  record(event: Omit<SecurityEvent, 'at'>): void {
    const recorded: SecurityEvent = { at: new Date().toISOString(), ...event };
    this.latest.push(recorded);
    if (this.latest.length > this.keep) this.latest.splice(0, this.latest.length - this.keep);
    this.logger.warn(JSON.stringify({ securityEvent: recorded }));
  }

  /** The latest events, oldest first. */
  recent(): readonly SecurityEvent[] {
    return [...this.latest];
  }
}

/** The process's security log. */
export const securityLog = new SecurityLog();
