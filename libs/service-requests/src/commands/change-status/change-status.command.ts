import type { CanonicalStatus, RawStatus } from '@maillage/domain';
import type { CommandContext } from '../../command-context';

export interface ChangeStatusInput {
  readonly to: CanonicalStatus;
  /** The tool's own status code and label, kept so nothing is lost in translation. */
  readonly raw: RawStatus;
  readonly note: string | null;
}

export class ChangeStatusCommand {
  constructor(
    readonly requestId: string,
    readonly input: ChangeStatusInput,
    readonly context: CommandContext,
  ) {}
}
