import { Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
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
  parsePage,
  parseRequestId,
  requireInstant,
} from './audit-query';
import { auditedAuthority, AuditorTokenGuard, type WithAuditCaller } from './auditor-token.guard';

type QueryParams = Record<string, string | string[] | undefined>;

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
  constructor(
    private readonly audit: AuditService,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  @Get('requests/:id/history')
  @ApiOperation({ summary: 'Every event of a request, oldest first (NDJSON or CSV)' })
  async requestHistory(
    @Param('id') id: string,
    @Query() query: QueryParams,
    @Req() request: WithAuditCaller,
  ): Promise<StreamableFile> {
    const requestId = parseRequestId(id);
    const filter = parseHistoryFilter(query);
    const format = parseFormat(query);
    await this.requireVisible(request, requestId);
    return this.stream({ ...filter, requestId }, format);
  }

  @Get('authorities/:authority/history')
  @ApiOperation({
    summary: 'Every event of the requests an authority filed, received or acted on (NDJSON or CSV)',
  })
  authorityHistory(
    @Param('authority') authority: string,
    @Query() query: QueryParams,
    @Req() request: WithAuditCaller,
  ): StreamableFile {
    const filter = parseHistoryFilter(query);
    const audited = requireOwnAuthority(request, parseAuthority(authority));
    return this.stream({ ...filter, authority: audited }, parseFormat(query));
  }

  @Get('history')
  @ApiOperation({ summary: 'The events of a period, by type and category (NDJSON or CSV)' })
  history(@Query() query: QueryParams, @Req() request: WithAuditCaller): StreamableFile {
    const filter = parseHistoryFilter(query);
    const limited = auditedAuthority(request);
    if (limited !== null && filter.authority !== undefined && filter.authority !== limited) {
      throw forbiddenAuthority(limited);
    }
    return this.stream(
      limited === null ? filter : { ...filter, authority: limited },
      parseFormat(query),
    );
  }

  @Get('requests/:id/as-of')
  @ApiOperation({ summary: 'A request as it stood at a date-time (the read model’s shape)' })
  async requestAsOf(
    @Param('id') id: string,
    @Query('at') at: string | undefined,
    @Req() request: WithAuditCaller,
  ): Promise<RequestSummary> {
    const requestId = parseRequestId(id);
    await this.requireVisible(request, requestId);
    const summary = await this.audit.requestAsOf(requestId, requireInstant('at', at));
    if (!summary) throw AuditProblemException.notFound(`Request ${requestId} at ${at}`);
    return summary;
  }

  @Get('authorities/:authority/as-of')
  @ApiOperation({
    summary:
      'The requests of an authority as they stood at a date-time, newest filing first, a page at a time',
  })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 date-time with a time zone' })
  @ApiQuery({ name: 'page', required: false, description: 'from 1 (default 1)' })
  @ApiQuery({
    name: 'pageSize',
    required: false,
    description: 'default 20, capped by MAILLAGE_MAX_PAGE_SIZE (default 100)',
  })
  async authorityAsOf(
    @Param('authority') authority: string,
    @Query('at') at: string | undefined,
    @Query() query: QueryParams,
    @Req() request: WithAuditCaller,
  ): Promise<{
    items: RequestSummary[];
    at: string;
    page: number;
    pageSize: number;
    total: number;
  }> {
    const instant = requireInstant('at', at);
    const { page, pageSize } = parsePage(query, this.config.http.maxPageSize);
    const audited = requireOwnAuthority(request, parseAuthority(authority));
    const all = await this.audit.authorityAsOf(audited, instant);
    const items = all.slice((page - 1) * pageSize, page * pageSize);
    return { items, at: instant, page, pageSize, total: all.length };
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
  async createCheckpoint(@Req() request: WithAuditCaller): Promise<SignedCheckpoint> {
    if (auditedAuthority(request) !== null) {
      throw new AuditProblemException(
        403,
        'AUDIT.FORBIDDEN',
        'Forbidden',
        'Signing a checkpoint takes the auditor token; a connector key reads only.',
      );
    }
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

  /** 404 unless the request exists and, for a connector key, involved its authority. */
  private async requireVisible(request: WithAuditCaller, requestId: string): Promise<void> {
    const limited = auditedAuthority(request);
    const visible =
      limited === null
        ? await this.audit.requestExists(requestId)
        : await this.audit.involves(requestId, limited);
    if (!visible) {
      throw AuditProblemException.notFound(`Request ${requestId}`, {
        hidden: limited !== null && (await this.audit.requestExists(requestId)),
      });
    }
  }

  private stream(filter: HistoryFilter, format: keyof typeof HISTORY_MEDIA_TYPES): StreamableFile {
    // Readable.from pulls the next line only when the socket has taken the previous ones.
    const body = Readable.from(this.audit.historyChunks(filter, format), { objectMode: false });
    return new StreamableFile(body, { type: HISTORY_MEDIA_TYPES[format] });
  }
}

/** The authority of the path, when the caller may audit it (a connector key: its own only). */
function requireOwnAuthority(request: WithAuditCaller, authority: string): string {
  const limited = auditedAuthority(request);
  if (limited !== null && limited !== authority) throw forbiddenAuthority(limited);
  return authority;
}

function forbiddenAuthority(limited: string): AuditProblemException {
  return new AuditProblemException(
    403,
    'AUDIT.FORBIDDEN',
    'Forbidden',
    `This key audits ${limited} only.`,
    { field: 'authority' },
  );
}
