import type { Actor } from '../../events/event-metadata';

/** An involved authority reopens a closed request. */
export interface ReopenRequest {
  readonly type: 'ReopenRequest';
  readonly actor: Actor;
  readonly reason: string;
}
