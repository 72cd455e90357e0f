import type { CommandContext } from '../../command-context';

export interface AddCommentInput {
  readonly text: string;
  readonly visibility: 'public' | 'internal';
}

export class AddCommentCommand {
  constructor(
    readonly requestId: string,
    readonly input: AddCommentInput,
    readonly context: CommandContext,
  ) {}
}
