import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { AcknowledgeRequestCommand } from './acknowledge-request.command';

@CommandHandler(AcknowledgeRequestCommand)
export class AcknowledgeRequestHandler implements ICommandHandler<
  AcknowledgeRequestCommand,
  CommandResult
> {
  constructor(private readonly requests: ServiceRequestRepository) {}

  execute({ requestId, input, context }: AcknowledgeRequestCommand): Promise<CommandResult> {
    return this.requests.execute(requestId, context, () => ({
      type: 'AcknowledgeRequest',
      actor: context.actor,
      externalReference: input.externalReference,
    }));
  }
}
