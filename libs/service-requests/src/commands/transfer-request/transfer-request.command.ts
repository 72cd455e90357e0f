import type { AuthorityId } from '@maillage/domain';
import type { CommandContext } from '../../command-context';

/** A target declines competence and names who should handle the request instead. */
export interface TransferRequestInput {
  readonly to: readonly AuthorityId[];
  readonly reason: string;
}

export class TransferRequestCommand {
  constructor(
    readonly requestId: string,
    readonly input: TransferRequestInput,
    readonly context: CommandContext,
  ) {}
}
