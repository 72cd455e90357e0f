import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  type DisposalReport,
  type DueList,
  RetentionDisposals,
  RetentionDueList,
  RetentionError,
} from '@maillage/service-requests';
import { Authenticated } from '../auth/authenticated';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from '../requests/api-docs.decorators';
import { ApproveDisposalDto } from './approve-disposal.dto';

const STATUS: Record<RetentionError['code'], number> = {
  'RETENTION.INVALID_POLICY': 500,
  'RETENTION.INVALID': 400,
  'RETENTION.UNKNOWN_REQUEST': 404,
  'RETENTION.NOT_DUE': 409,
};

/**
 * Retention of personal data: the requests whose period is over (admin token, or the auditor's,
 * which reads), and the archives service's approvals that dispose of them (admin token only: the
 * hub's operator records the visa the archives service signed; a connector key never can).
 */
@ApiTags('retention (admin)')
@Controller('v1/retention')
export class RetentionController {
  constructor(
    private readonly dueList: RetentionDueList,
    private readonly disposals: RetentionDisposals,
  ) {}

  @Get('due')
  @Authenticated({ admin: true, auditor: true })
  @ApiOperation({
    summary:
      'The closed requests whose retention period is over, waiting for the archives service (destroys nothing)',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'List what is due at this date (RFC 3339); default now. Approvals use now.',
  })
  @ApiResponse({ status: 200, description: 'The due list, with the policy version' })
  @Problems(400, 401, 403)
  async due(@Query('asOf') asOf?: string): Promise<DueList> {
    let at: Date | undefined;
    if (asOf !== undefined) {
      at = new Date(asOf);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(asOf) || Number.isNaN(at.getTime())) {
        throw ProblemException.validation([
          { field: 'asOf', reason: 'asOf must be an RFC 3339 date-time' },
        ]);
      }
    }
    return this.dueList.due(at);
  }

  @Post('approvals')
  @HttpCode(200)
  @Authenticated({ admin: true })
  @ApiOperation({
    summary:
      "Record the archives service's approval, then dispose of the requests (export if archived, keys destroyed)",
  })
  @ApiResponse({ status: 200, description: 'Recorded and disposed of now, or already before' })
  @Problems(400, 401, 403, 404, 409)
  async approve(@Body() body: ApproveDisposalDto): Promise<DisposalReport> {
    try {
      return await this.disposals.approve({
        approver: body.approver,
        archivesReference: body.archivesReference,
        requestIds: body.requestIds,
        via: { principal: 'admin', attempt: 'POST /v1/retention/approvals' },
      });
    } catch (error) {
      if (!(error instanceof RetentionError)) throw error;
      throw new ProblemException(
        STATUS[error.code],
        error.code,
        error.code === 'RETENTION.NOT_DUE'
          ? 'Not due'
          : error.code === 'RETENTION.UNKNOWN_REQUEST'
            ? 'Unknown request'
            : 'Invalid approval',
        error.message,
        { ...(error.field ? { field: error.field } : {}), retriable: false },
      );
    }
  }
}
