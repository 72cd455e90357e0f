import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type PersonalData } from '@maillage/domain';
import type { CommandResult } from '../../command-result';
import { ServiceRequestRepository } from '../../persistence/service-request.repository';
import { CLOCK, type Clock, ROUTER } from '../../persistence/tokens';
import { RequestIds } from '../../request-ids';
import type { Router } from '@maillage/directory';
import { FileRequestCommand } from './file-request.command';

/**
 * Files a request under an id derived from (source authority, external id): filing the same
 * request again lands on the same stream, is refused by the decider, and answers with the first
 * result without recording anything.
 */
@CommandHandler(FileRequestCommand)
export class FileRequestHandler implements ICommandHandler<FileRequestCommand, CommandResult> {
  constructor(
    private readonly requests: ServiceRequestRepository,
    private readonly ids: RequestIds,
    @Inject(ROUTER) private readonly router: Router,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: FileRequestCommand): Promise<CommandResult> {
    const requestId = this.ids.forExternalRequest(input.source.authority, input.source.externalId);
    const routing = this.router.route({
      origin: input.source.authority,
      category: input.category,
      inseeCode: input.location.inseeCode,
    });
    try {
      return await this.requests.execute(
        requestId,
        context,
        () => ({
          type: 'FileRequest',
          requestId,
          actor: context.actor,
          source: input.source,
          channel: input.channel,
          category: input.category,
          description: input.description,
          location: input.location,
          attachments: [...input.attachments],
          citizen: this.personalData(input),
          filedAt: input.filedAt ?? context.occurredAt ?? this.clock().toISOString(),
          routing,
        }),
        // A first filing is the common case: its stream does not exist yet.
        { expectNewStream: true },
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'REQUEST.ALREADY_FILED') throw error;
      const { events } = await this.requests.load(requestId);
      // Filing always records RequestFiled then RequestRouted: revisions 0 and 1.
      const filing = events.slice(0, 2);
      return { requestId, revision: filing.at(-1)?.revision ?? 0, events: filing, replayed: true };
    }
  }

  /** The citizen's data, keyed by a pseudonymous subject id (the key of their future erasure). */
  private personalData({ citizen, source }: FileRequestCommand['input']): PersonalData | null {
    if (!citizen) return null;
    const contact =
      citizen.email ??
      citizen.phone ??
      `${source.authority}|${citizen.name ?? ''}|${citizen.address ?? ''}`;
    return { subjectId: this.ids.forCitizen(contact), ...citizen };
  }
}
