import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { ChangeStatusCommand } from './change-status.command';

@CommandHandler(ChangeStatusCommand)
export class ChangeStatusHandler implements ICommandHandler<ChangeStatusCommand, CommandResult> {
  constructor(private readonly requests: ServiceRequestRepository) {}

  execute({ requestId, input, context }: ChangeStatusCommand): Promise<CommandResult> {
    return this.requests.execute(requestId, context, () => ({
      type: 'ChangeStatus',
      actor: context.actor,
      to: input.to,
      raw: input.raw,
      note: input.note,
    }));
  }
}
