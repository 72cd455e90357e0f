import type { CommandContext } from '../../command-context';

export class ReopenRequestCommand {
  constructor(
    readonly requestId: string,
    readonly input: { readonly reason: string },
    readonly context: CommandContext,
  ) {}
}
