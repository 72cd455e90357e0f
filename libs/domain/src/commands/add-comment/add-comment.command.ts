import type { Actor } from '../../events/event-metadata';

/** An involved authority comments; allowed on closed requests too. */
export interface AddComment {
  readonly type: 'AddComment';
  readonly actor: Actor;
  /** Chosen by the caller (ids come in, the decider never makes them). */
  readonly commentId: string;
  readonly text: string;
  readonly visibility: 'public' | 'internal';
}
