import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import {
  AcknowledgeRequestCommand,
  AddCommentCommand,
  ChangeStatusCommand,
  CloseRequestCommand,
  type CommandResult,
  FileRequestCommand,
  ReopenRequestCommand,
  RequestQueries,
  TransferRequestCommand,
} from '@maillage/service-requests';
import { ProblemException } from '../problems/problem.exception';
import { assertRequestId, commandContextFromHeaders } from './command-context.from-headers';
import { type CommandResponse, toCommandResponse } from './command-response';
import { AcknowledgeDto } from './dto/acknowledge.dto';
import { AddCommentDto } from './dto/add-comment.dto';
import { ChangeStatusDto } from './dto/change-status.dto';
import { CloseDto } from './dto/close.dto';
import { FileRequestDto } from './dto/file-request.dto';
import { GetRequestQueryDto } from './dto/get-request.query.dto';
import { ListRequestsQueryDto } from './dto/list-requests.query.dto';
import { ReopenDto } from './dto/reopen.dto';
import { TransferDto } from './dto/transfer.dto';
import { toEventView } from './event-view';

type HeaderBag = Record<string, string | string[] | undefined>;

const ACTOR_HEADERS = [
  ApiHeader({
    name: 'Maillage-Authority',
    required: true,
    description: 'Acting authority, e.g. commune:45155',
  }),
  ApiHeader({
    name: 'Maillage-Connector',
    required: false,
    description: 'Acting GRC tool (connector id)',
  }),
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key answers with the first result and records nothing',
  }),
];
const ActorHeaders = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of ACTOR_HEADERS) decorate(target, key, descriptor);
};
const Problems =
  (...statuses: number[]): MethodDecorator =>
  (target, key, descriptor) => {
    for (const status of statuses) {
      ApiResponse({ status, description: 'RFC 9457 problem details (application/problem+json)' })(
        target,
        key,
        descriptor,
      );
    }
  };

/** Canonical HTTP API of service requests, under /v1. */
@ApiTags('requests')
@Controller('v1/requests')
export class RequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RequestQueries,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'File a request; routes it to the competent authorities' })
  @ApiResponse({
    status: 201,
    description: 'Filed (or, for a repeat, the first result with Idempotent-Replayed: true)',
  })
  @ActorHeaders()
  @Problems(400, 413, 422, 503)
  async file(
    @Body() body: FileRequestDto,
    @Headers() headers: HeaderBag,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const filedAt = body.filedAt ? new Date(body.filedAt).toISOString() : undefined;
    const context = {
      ...commandContextFromHeaders(headers),
      ...(filedAt ? { occurredAt: filedAt } : {}),
    };
    const result: CommandResult = await this.commands.execute(
      new FileRequestCommand(
        {
          source: {
            authority: context.actor.authority,
            connector: context.actor.connector,
            externalId: body.source.externalId,
          },
          channel: body.channel,
          category: body.category,
          description: body.description,
          location: { ...body.location },
          attachments: (body.attachments ?? []).map((attachment) => ({ ...attachment })),
          citizen: body.citizen ? { ...body.citizen } : null,
          ...(filedAt ? { filedAt } : {}),
        },
        context,
      ),
    );
    void reply.header('location', `/v1/requests/${result.requestId}`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return toCommandResponse(result);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a request's status, keeping the tool's raw status" })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async changeStatus(
    @Param('id') id: string,
    @Body() body: ChangeStatusDto,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      headers,
      (context) =>
        new ChangeStatusCommand(
          id,
          { to: body.to, raw: { ...body.raw }, note: body.note ?? null },
          context,
        ),
    );
  }

  @Post(':id/comments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a comment' })
  @ActorHeaders()
  @Problems(400, 403, 404, 503)
  async comment(
    @Param('id') id: string,
    @Body() body: AddCommentDto,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      headers,
      (context) =>
        new AddCommentCommand(
          id,
          { text: body.text, visibility: body.visibility ?? 'public' },
          context,
        ),
    );
  }

  @Post(':id/acknowledgements')
  @HttpCode(200)
  @ApiOperation({ summary: 'A target tool accepts the request and gives its own reference' })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async acknowledge(
    @Param('id') id: string,
    @Body() body: AcknowledgeDto,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      headers,
      (context) =>
        new AcknowledgeRequestCommand(id, { externalReference: body.externalReference }, context),
    );
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'A target declines competence and passes the request on' })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async transfer(
    @Param('id') id: string,
    @Body() body: TransferDto,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      headers,
      (context) =>
        new TransferRequestCommand(id, { to: [...body.to], reason: body.reason }, context),
    );
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a request with its outcome' })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async close(
    @Param('id') id: string,
    @Body() body: CloseDto,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      headers,
      (context) =>
        new CloseRequestCommand(
          id,
          {
            outcome: body.outcome,
            raw: body.raw ? { ...body.raw } : null,
            note: body.note ?? null,
          },
          context,
        ),
    );
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed request' })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async reopen(
    @Param('id') id: string,
    @Body() body: ReopenDto,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      headers,
      (context) => new ReopenRequestCommand(id, { reason: body.reason }, context),
    );
  }

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

  private async run(
    id: string,
    headers: HeaderBag,
    build: (context: ReturnType<typeof commandContextFromHeaders>) => object,
  ): Promise<CommandResponse> {
    assertRequestId(id);
    const context = commandContextFromHeaders(headers);
    const result: CommandResult = await this.commands.execute(build(context));
    return toCommandResponse(result);
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
