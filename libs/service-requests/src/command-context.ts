import type { Actor } from '@maillage/domain';

/** Who sends a command and how it ties into the flow that caused it. */
export interface CommandContext {
  readonly actor: Actor;
  /** Flow id shared by every event caused by the same original request; new flow when absent. */
  readonly correlationId?: string;
  /** Id of the event or message that caused this command, if any. */
  readonly causationId?: string;
  /** Client-chosen key: a retry with the same key answers with the first result. */
  readonly idempotencyKey?: string;
  /** Source time of the change (the tool's clock), ISO 8601 UTC; hub time when absent. */
  readonly occurredAt?: string;
  /** The source time exactly as the tool wrote it, and the zone it was read in. */
  readonly sourceTime?: { readonly raw: string; readonly timeZone: string };
}
