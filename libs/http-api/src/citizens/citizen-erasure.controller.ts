import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  EraseCitizenCommand,
  ErasureError,
  type ErasureReport,
  RequestIds,
} from '@maillage/service-requests';
import { Authenticated } from '../auth/authenticated';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from '../requests/api-docs.decorators';
import { EraseCitizenDto } from './erase-citizen.dto';
import { ErasureReportSchema } from './erasure-report.schema';

/**
 * Erasure of a citizen's personal data (RGPD art. 17), by the hub's operator only: their key is
 * destroyed, copies the hub keeps are redacted, and every request that held their data records
 * `PersonalDataErased`, which the tools involved receive. Idempotent.
 */
@ApiTags('citizens (admin)')
@Authenticated({ admin: true })
@Controller('v1/citizens')
export class CitizenErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ids: RequestIds,
  ) {}

  @Post('erasure')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a citizen's personal data (crypto-shredding); answers what was erased",
  })
  @ApiResponse({
    status: 200,
    description: 'Erased now, or already erased before',
    type: ErasureReportSchema,
  })
  @Problems(400, 401, 403, 404)
  async erase(@Body() body: EraseCitizenDto): Promise<ErasureReport> {
    if ((body.subjectId === undefined) === (body.contact === undefined)) {
      throw ProblemException.validation([
        { field: 'subjectId', reason: 'give exactly one of subjectId and contact' },
      ]);
    }
    const subjectId = body.subjectId ?? this.ids.forCitizen(body.contact!);
    try {
      return await this.commands.execute(
        new EraseCitizenCommand({
          subjectId,
          legalBasis: body.legalBasis,
          requester: body.requester,
          ...(body.contact === undefined ? {} : { contact: body.contact }),
          via: { principal: 'admin', attempt: 'POST /v1/citizens/erasure' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ErasureError)) throw error;
      throw new ProblemException(
        error.code === 'ERASURE.SUBJECT_UNKNOWN' ? 404 : 400,
        error.code,
        error.code === 'ERASURE.SUBJECT_UNKNOWN' ? 'Unknown citizen' : 'Invalid erasure',
        error.message,
        { ...(error.field ? { field: error.field } : {}), retriable: false },
      );
    }
  }
}
