import type { CommandResult } from '@maillage/service-requests';

/** What a command answers: the request, its new revision, and the events recorded. */
export interface CommandResponse {
  readonly id: string;
  readonly revision: number;
  readonly replayed: boolean;
  readonly events: readonly {
    readonly eventId: string;
    readonly type: string;
    readonly revision: number;
    readonly position: number;
  }[];
}

export function toCommandResponse(result: CommandResult): CommandResponse {
  return {
    id: result.requestId,
    revision: result.revision,
    replayed: result.replayed,
    events: result.events.map(({ eventId, type, revision, position }) => ({
      eventId,
      type,
      revision,
      position,
    })),
  };
}
