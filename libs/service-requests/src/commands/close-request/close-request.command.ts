import type { CloseOutcome, RawStatus } from '@maillage/domain';
import type { CommandContext } from '../../command-context';

export interface CloseRequestInput {
  readonly outcome: CloseOutcome;
  readonly raw: RawStatus | null;
  readonly note: string | null;
}

export class CloseRequestCommand {
  constructor(
    readonly requestId: string,
    readonly input: CloseRequestInput,
    readonly context: CommandContext,
  ) {}
}
