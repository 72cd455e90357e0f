import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CitizenErasure } from '../../erasure/citizen-erasure';
import type { ErasureReport } from '../../erasure/erasure-report';
import { EraseCitizenCommand } from './erase-citizen.command';

@CommandHandler(EraseCitizenCommand)
export class EraseCitizenHandler implements ICommandHandler<EraseCitizenCommand, ErasureReport> {
  private readonly logger = new Logger('PersonalData');

  constructor(private readonly erasure: CitizenErasure) {}

  async execute({ input }: EraseCitizenCommand): Promise<ErasureReport> {
    const report = await this.erasure.erase(input);
    // Pseudonymous ids and counts only: the log of an erasure must not undo it.
    this.logger.log(
      `erasure ${report.erasureId} of subject ${report.subjectId} (${report.legalBasis}): ` +
        `key ${report.keyDestroyed ? 'destroyed' : 'already destroyed'}, ` +
        `${report.counts.requests} request(s), ${report.counts.erasureEventsRecorded} event(s) recorded`,
    );
    return report;
  }
}
