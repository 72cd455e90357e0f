import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { ReopenRequestCommand } from './reopen-request.command';

@CommandHandler(ReopenRequestCommand)
export class ReopenRequestHandler implements ICommandHandler<ReopenRequestCommand, CommandResult> {
  constructor(private readonly requests: ServiceRequestRepository) {}

  execute({ requestId, input, context }: ReopenRequestCommand): Promise<CommandResult> {
    return this.requests.execute(requestId, context, () => ({
      type: 'ReopenRequest',
      actor: context.actor,
      reason: input.reason,
    }));
  }
}
