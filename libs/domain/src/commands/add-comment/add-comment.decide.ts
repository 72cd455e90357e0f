import type { CommentAdded } from '../../events/comment-added.event';
import type { ServiceRequestState } from '../../state/service-request-state';
import { requireActor, requireNonBlank, requireOneOf } from '../../validation/input-invariants';
import { requireFiled, requireInvolved } from '../request-preconditions';
import type { AddComment } from './add-comment.command';

const VISIBILITIES = ['public', 'internal'] as const;

/** Comments are allowed on closed requests: a closed request is often where questions arise. */
export function decideAddComment(command: AddComment, state: ServiceRequestState): CommentAdded[] {
  requireFiled(state);
  requireActor(command.actor);
  requireNonBlank(command.commentId, 'commentId');
  requireNonBlank(command.text, 'text');
  requireOneOf(command.visibility, VISIBILITIES, 'visibility');
  requireInvolved(state, command.actor);
  return [
    {
      type: 'CommentAdded',
      data: {
        requestId: state.requestId,
        commentId: command.commentId,
        authority: command.actor.authority,
        text: command.text,
        visibility: command.visibility,
      },
      personal: null,
    },
  ];
}
