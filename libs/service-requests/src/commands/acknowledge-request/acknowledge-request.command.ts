import type { CommandContext } from '../../command-context';

/** A target tool accepted the request and gives its own reference for it. */
export class AcknowledgeRequestCommand {
  constructor(
    readonly requestId: string,
    readonly input: { readonly externalReference: string },
    readonly context: CommandContext,
  ) {}
}
