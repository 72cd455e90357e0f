import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { RequestQueries } from '@maillage/service-requests';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from './api-docs.decorators';
import { assertRequestId } from './command-context.from-headers';
import { GetRequestQueryDto } from './dto/get-request.query.dto';
import { ListRequestsQueryDto } from './dto/list-requests.query.dto';
import { toEventView } from './event-view';

/** The read side of the canonical API: current state (read model) and history (event store). */
@ApiTags('requests')
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
  async get(@Param('id') id: string, @Query() query: GetRequestQueryDto): Promise<unknown> {
    assertRequestId(id);
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
  async events(@Param('id') id: string): Promise<unknown> {
    assertRequestId(id);
    const history = await this.queries.history(id);
    if (history.length === 0) throw ProblemException.notFound(`Request ${id}`);
    return { id, events: history.map(toEventView) };
  }

  @Get()
  @ApiOperation({ summary: 'List requests, filtered by authority and status, paginated' })
  @Problems(400)
  async list(@Query() query: ListRequestsQueryDto): Promise<unknown> {
    return this.queries.list({
      ...(query.authority ? { authority: query.authority } : {}),
      ...(query.status ? { status: query.status } : {}),
      page: query.page ?? 1,
      pageSize: Math.min(query.pageSize ?? 20, this.config.http.maxPageSize),
    });
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
