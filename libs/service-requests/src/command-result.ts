import type { RecordedEvent } from '@maillage/event-store';

/** What a command did to a request. */
export interface CommandResult {
  readonly requestId: string;
  /** Revision of the request's stream after the command. */
  readonly revision: number;
  /** Events the command recorded (or, for a replay, the ones the first call recorded). */
  readonly events: readonly RecordedEvent[];
  /** True when this call repeated an earlier one and recorded nothing. */
  readonly replayed: boolean;
}
