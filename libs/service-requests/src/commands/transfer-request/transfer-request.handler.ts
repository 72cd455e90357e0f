import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { TransferRequestCommand } from './transfer-request.command';

/** The transfer is recorded as a manual routing decision: the rule names who asked for it. */
@CommandHandler(TransferRequestCommand)
export class TransferRequestHandler implements ICommandHandler<
  TransferRequestCommand,
  CommandResult
> {
  constructor(private readonly requests: ServiceRequestRepository) {}

  execute({ requestId, input, context }: TransferRequestCommand): Promise<CommandResult> {
    return this.requests.execute(requestId, context, () => ({
      type: 'TransferRequest',
      actor: context.actor,
      to: [...input.to],
      reason: input.reason,
      rule: { id: 'transfer.declared', version: '1' },
    }));
  }
}
