import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import type { RecordedEvent } from '@maillage/event-store';
import { everInvolved, RequestQueries } from '@maillage/service-requests';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from './api-docs.decorators';
import { assertRequestId } from './command-context.from-headers';
import { GetRequestQueryDto } from './dto/get-request.query.dto';
import { ListRequestsQueryDto } from './dto/list-requests.query.dto';
import { toEventView } from './event-view';

/**
 * The read side of the canonical API: current state (read model) and history (event store). A
 * connector reads only the requests that involve its authority: filed there, or routed there at
 * some point (an authority a request was transferred away from keeps reading what it already
 * received, as its list does); any other id answers 404, as if it did not exist. The auditor token
 * reads everything.
 */
@ApiTags('requests')
@Authenticated({ scopes: ['ingest', 'subscribe', 'audit'], auditor: true })
@Controller('v1/requests')
export class RequestQueriesController {
  constructor(
    private readonly queries: RequestQueries,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Current state of a request (read model)',
    description:
      'The read model follows the log within milliseconds. To read your own write, pass the revision a command answered as `minRevision`: the call waits (up to 2 s) until the state reflects it.',
  })
  @Problems(404, 503)
  async get(
    @Param('id') id: string,
    @Query() query: GetRequestQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<unknown> {
    assertRequestId(id);
    await requireVisible(this.queries, principal, id);
    const wanted = query.minRevision ?? 0;
    const deadline = Date.now() + 2000;
    let summary = await this.queries.get(id);
    while ((!summary || summary.revision < wanted) && Date.now() < deadline) {
      // Just written: the projection may be a few milliseconds behind the log.
      if (!summary && (await this.queries.history(id)).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
      summary = await this.queries.get(id);
    }
    if (!summary) {
      if ((await this.queries.history(id)).length === 0)
        throw ProblemException.notFound(`Request ${id}`);
      throw lagging();
    }
    if (summary.revision < wanted) throw lagging();
    return summary;
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Full history of a request, in order' })
  @Problems(404)
  async events(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<unknown> {
    assertRequestId(id);
    const history = await this.queries.history(id);
    if (history.length === 0) throw ProblemException.notFound(`Request ${id}`);
    requireInvolved(principal, id, history);
    return { id, events: history.map(toEventView) };
  }

  @Get()
  @ApiOperation({
    summary:
      "List requests, filtered by authority and status, paginated (a connector lists its own authority's)",
  })
  @Problems(400, 403)
  async list(
    @Query() query: ListRequestsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<unknown> {
    let authority = query.authority;
    if (principal.kind === 'connector') {
      if (authority !== undefined && authority !== principal.connector.authority) {
        throw new ProblemException(
          403,
          'AUTH.FORBIDDEN',
          'Forbidden',
          `authority: this key lists the requests of ${principal.connector.authority} only.`,
          { field: 'authority', retriable: false },
        );
      }
      authority = principal.connector.authority;
    }
    return this.queries.list({
      ...(authority ? { authority } : {}),
      ...(query.status ? { status: query.status } : {}),
      page: query.page ?? 1,
      pageSize: Math.min(query.pageSize ?? 20, this.config.http.maxPageSize),
    });
  }
}

/**
 * 404 (recorded as a security event) unless the caller may see the request: the auditor always,
 * a connector when the request's history involves its authority. Checked on the event store, the
 * source of truth, so a lagging read model never widens or narrows what a caller sees.
 */
async function requireVisible(
  queries: RequestQueries,
  principal: Principal,
  id: string,
): Promise<void> {
  if (principal.kind !== 'connector') return;
  const history = await queries.history(id);
  if (history.length > 0) requireInvolved(principal, id, history);
}

function requireInvolved(principal: Principal, id: string, history: RecordedEvent[]): void {
  if (principal.kind !== 'connector') return;
  if (!everInvolved(history, principal.connector.authority)) {
    throw ProblemException.notFound(`Request ${id}`, { hidden: true });
  }
}

function lagging(): ProblemException {
  return new ProblemException(
    503,
    'READ_MODEL.LAGGING',
    'Read model lagging',
    'The request exists but its state is not projected up to the wanted revision yet; retry shortly.',
    {
      retriable: true,
      headers: { 'retry-after': '1' },
    },
  );
}
