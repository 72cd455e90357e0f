import type { AuthorityId } from '../authority/authority-id';

/**
 * An involved authority commented. `internal` comments are for agents only: dispatchers must not
 * forward them to citizen-facing channels.
 */
export interface CommentAdded {
  readonly type: 'CommentAdded';
  readonly data: {
    readonly requestId: string;
    readonly commentId: string;
    readonly authority: AuthorityId;
    readonly text: string;
    readonly visibility: 'public' | 'internal';
  };
  readonly personal: null;
}
