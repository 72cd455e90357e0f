import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { RequestIds } from '../../request-ids';
import { AddCommentCommand } from './add-comment.command';

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand, CommandResult> {
  constructor(
    private readonly requests: ServiceRequestRepository,
    private readonly ids: RequestIds,
  ) {}

  execute({ requestId, input, context }: AddCommentCommand): Promise<CommandResult> {
    const commentId = this.ids.random();
    return this.requests.execute(requestId, context, () => ({
      type: 'AddComment',
      actor: context.actor,
      commentId,
      text: input.text,
      visibility: input.visibility,
    }));
  }
}
