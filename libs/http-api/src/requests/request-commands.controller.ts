import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AcknowledgeRequestCommand,
  AddCommentCommand,
  ChangeStatusCommand,
  CloseRequestCommand,
  type CommandContext,
  type CommandResult,
  FileRequestCommand,
  ReopenRequestCommand,
  TransferRequestCommand,
} from '@maillage/service-requests';
import { ActorHeaders, Problems } from './api-docs.decorators';
import { Authenticated } from '../auth/authenticated';
import { PRINCIPAL, type WithPrincipal } from '../auth/principal';
import { assertRequestId, commandContextOf } from './command-context.from-headers';
import { type CommandResponse, toCommandResponse } from './command-response';
import { AcknowledgeDto } from './dto/acknowledge.dto';
import { AddCommentDto } from './dto/add-comment.dto';
import { ChangeStatusDto } from './dto/change-status.dto';
import { CloseDto } from './dto/close.dto';
import { FileRequestDto } from './dto/file-request.dto';
import { ReopenDto } from './dto/reopen.dto';
import { TransferDto } from './dto/transfer.dto';
import { CommandResponseSchema } from './command-response.schema';

type AuthenticatedRequest = FastifyRequest & WithPrincipal;

/** The write side of the canonical API: every change to a request is a command. */
@ApiTags('requests')
@Authenticated({ scopes: ['ingest'] })
@Controller('v1/requests')
export class RequestCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'File a request; routes it to the competent authorities' })
  @ApiResponse({
    status: 201,
    description: 'Filed (or, for a repeat, the first result with Idempotent-Replayed: true)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 413, 422, 503)
  async file(
    @Body() body: FileRequestDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const filedAt = body.filedAt ? new Date(body.filedAt).toISOString() : undefined;
    const context = {
      ...commandContextOf(request[PRINCIPAL], request.headers),
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
  @ApiResponse({
    status: 200,
    description: 'Recorded (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async changeStatus(
    @Param('id') id: string,
    @Body() body: ChangeStatusDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      request,
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
  @ApiResponse({
    status: 200,
    description: 'Recorded (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 403, 404, 503)
  async comment(
    @Param('id') id: string,
    @Body() body: AddCommentDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      request,
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
  @ApiResponse({
    status: 200,
    description: 'Recorded (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async acknowledge(
    @Param('id') id: string,
    @Body() body: AcknowledgeDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      request,
      (context) =>
        new AcknowledgeRequestCommand(id, { externalReference: body.externalReference }, context),
    );
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'A target declines competence and passes the request on' })
  @ApiResponse({
    status: 200,
    description: 'Recorded (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async transfer(
    @Param('id') id: string,
    @Body() body: TransferDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      request,
      (context) =>
        new TransferRequestCommand(id, { to: [...body.to], reason: body.reason }, context),
    );
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a request with its outcome' })
  @ApiResponse({
    status: 200,
    description: 'Recorded (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async close(
    @Param('id') id: string,
    @Body() body: CloseDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      request,
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
  @ApiResponse({
    status: 200,
    description: 'Recorded (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @ActorHeaders()
  @Problems(400, 403, 404, 409, 503)
  async reopen(
    @Param('id') id: string,
    @Body() body: ReopenDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandResponse> {
    return this.run(
      id,
      request,
      (context) => new ReopenRequestCommand(id, { reason: body.reason }, context),
    );
  }

  private async run(
    id: string,
    request: AuthenticatedRequest,
    build: (context: CommandContext) => object,
  ): Promise<CommandResponse> {
    assertRequestId(id);
    const context = commandContextOf(request[PRINCIPAL], request.headers);
    const result: CommandResult = await this.commands.execute(build(context));
    return toCommandResponse(result);
  }
}
