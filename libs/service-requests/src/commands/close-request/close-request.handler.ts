import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { CloseRequestCommand } from './close-request.command';

@CommandHandler(CloseRequestCommand)
export class CloseRequestHandler implements ICommandHandler<CloseRequestCommand, CommandResult> {
  constructor(private readonly requests: ServiceRequestRepository) {}

  execute({ requestId, input, context }: CloseRequestCommand): Promise<CommandResult> {
    return this.requests.execute(requestId, context, () => ({
      type: 'CloseRequest',
      actor: context.actor,
      outcome: input.outcome,
      raw: input.raw,
      note: input.note,
    }));
  }
}
