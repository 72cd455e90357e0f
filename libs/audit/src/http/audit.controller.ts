import { Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestSummary } from '@maillage/service-requests';
import { AuditService } from '../audit.service';
import type { EventInclusionProof } from '../checkpoints/event-inclusion';
import type { SignedCheckpoint } from '../checkpoints/signed-checkpoint';
import { HISTORY_MEDIA_TYPES } from '../replay/history-format';
import type { HistoryFilter } from '../replay/history-filter';
import type { VerificationReport } from '../verify/verification-report';
import { AuditProblemException } from './audit-problem.exception';
import { AuditProblemFilter } from './audit-problem.filter';
import {
  parseAuthority,
  parseFormat,
  parseHistoryFilter,
  parseRequestId,
  requireInstant,
} from './audit-query';
import { AuditorTokenGuard } from './auditor-token.guard';

type Query = Record<string, string | string[] | undefined>;

/**
 * The auditors' API: read-only on the event store (GET), plus `POST checkpoints` to sign one on
 * demand. Histories stream as NDJSON (default) or CSV, one event per line, with back-pressure.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
@UseGuards(AuditorTokenGuard)
@UseFilters(AuditProblemFilter)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('requests/:id/history')
  @ApiOperation({ summary: 'Every event of a request, oldest first (NDJSON or CSV)' })
  async requestHistory(@Param('id') id: string, @Query() query: Query): Promise<StreamableFile> {
    const requestId = parseRequestId(id);
    const filter = parseHistoryFilter(query);
    const format = parseFormat(query);
    if (!(await this.audit.requestExists(requestId))) {
      throw AuditProblemException.notFound(`Request ${requestId}`);
    }
    return this.stream({ ...filter, requestId }, format);
  }

  @Get('authorities/:authority/history')
  @ApiOperation({
    summary: 'Every event of the requests an authority filed, received or acted on (NDJSON or CSV)',
  })
  authorityHistory(@Param('authority') authority: string, @Query() query: Query): StreamableFile {
    const filter = parseHistoryFilter(query);
    return this.stream({ ...filter, authority: parseAuthority(authority) }, parseFormat(query));
  }

  @Get('history')
  @ApiOperation({ summary: 'The events of a period, by type and category (NDJSON or CSV)' })
  history(@Query() query: Query): StreamableFile {
    return this.stream(parseHistoryFilter(query), parseFormat(query));
  }

  @Get('requests/:id/as-of')
  @ApiOperation({ summary: 'A request as it stood at a date-time (the read model’s shape)' })
  async requestAsOf(
    @Param('id') id: string,
    @Query('at') at: string | undefined,
  ): Promise<RequestSummary> {
    const requestId = parseRequestId(id);
    const summary = await this.audit.requestAsOf(requestId, requireInstant('at', at));
    if (!summary) throw AuditProblemException.notFound(`Request ${requestId} at ${at}`);
    return summary;
  }

  @Get('authorities/:authority/as-of')
  @ApiOperation({ summary: 'Every request of an authority as it stood at a date-time' })
  async authorityAsOf(
    @Param('authority') authority: string,
    @Query('at') at: string | undefined,
  ): Promise<{ items: RequestSummary[]; at: string }> {
    const instant = requireInstant('at', at);
    const items = await this.audit.authorityAsOf(parseAuthority(authority), instant);
    return { items, at: instant };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Re-computes every hash, chain and checkpoint from the store' })
  verify(): Promise<VerificationReport> {
    return this.audit.verify();
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'The signed checkpoints, and the public key that verifies them' })
  async checkpoints(): Promise<{
    publicKey: string;
    keyId: string;
    checkpoints: SignedCheckpoint[];
  }> {
    return {
      publicKey: this.audit.publicKeyPem,
      keyId: this.audit.keyId,
      checkpoints: await this.audit.checkpoints(),
    };
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Signs a checkpoint of the log at its current head' })
  async createCheckpoint(): Promise<SignedCheckpoint> {
    return (await this.audit.createCheckpoint())!;
  }

  @Get('checkpoints/:position/proof/:eventId')
  @ApiOperation({ summary: 'Inclusion proof (RFC 9162) of an event in a signed checkpoint' })
  async proof(
    @Param('position') position: string,
    @Param('eventId') eventId: string,
  ): Promise<EventInclusionProof> {
    if (!/^\d{1,15}$/.test(position)) {
      throw AuditProblemException.invalid('position', 'expected a log position');
    }
    const proof = await this.audit.proof(Number(position), eventId);
    if (!proof) {
      throw AuditProblemException.notFound(
        `Event ${eventId} in the checkpoint at position ${position}`,
      );
    }
    return proof;
  }

  private stream(filter: HistoryFilter, format: keyof typeof HISTORY_MEDIA_TYPES): StreamableFile {
    // Readable.from pulls the next line only when the socket has taken the previous ones.
    const body = Readable.from(this.audit.historyLines(filter, format), { objectMode: false });
    return new StreamableFile(body, { type: HISTORY_MEDIA_TYPES[format] });
  }
}
