import type { Attachment, Channel, Location, RequestSource } from '@maillage/domain';
import type { CommandContext } from '../../command-context';

/** A request as a tool files it, before the hub gives it an id and routes it. */
export interface FileRequestInput {
  readonly source: RequestSource;
  readonly channel: Channel;
  readonly category: string;
  readonly description: string;
  readonly location: Location;
  readonly attachments: readonly Attachment[];
  readonly citizen: {
    readonly name?: string;
    readonly email?: string;
    readonly phone?: string;
    readonly address?: string;
  } | null;
  /** When the citizen filed it at the source; defaults to the command's time. */
  readonly filedAt?: string;
}

export class FileRequestCommand {
  constructor(
    readonly input: FileRequestInput,
    readonly context: CommandContext,
  ) {}
}
