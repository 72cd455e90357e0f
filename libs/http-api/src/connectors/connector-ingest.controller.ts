import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Connector, ConnectorIngest } from '@maillage/connectors';
import { Authenticated, CurrentPrincipal, requireOwnConnector } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { Problems } from '../requests/api-docs.decorators';
import { flowFromHeaders } from '../requests/command-context.from-headers';
import { type CommandResponse, toCommandResponse } from '../requests/command-response';
import { CommandResponseSchema } from '../requests/command-response.schema';

type HeaderBag = Record<string, string | string[] | undefined>;

const NATIVE_BODY = {
  description:
    "The connector's native message, in its dialect (see schemas/dialects/<dialect>/README.md)",
  schema: { type: 'object' as const, additionalProperties: true },
};

/**
 * A GRC tool sends its own format: the body is decoded by its connector's dialect, and the
 * connector's key says who acts. Errors name the field of the native payload (a JSON pointer).
 */
@ApiTags('connectors (ingest)')
@Authenticated({ scopes: ['ingest'] })
@Controller('v1/connectors/:connectorId/requests')
export class ConnectorIngestController {
  constructor(private readonly ingest: ConnectorIngest) {}

  @Post()
  @ApiOperation({ summary: "File a request in the connector's own format" })
  @ApiBody(NATIVE_BODY)
  @ApiResponse({
    status: 201,
    description: 'Filed (a repeat answers the first result)',
    type: CommandResponseSchema,
  })
  @Problems(400, 401, 403, 413, 422, 503)
  async file(
    @Param('connectorId') connectorId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers() headers: HeaderBag,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const connector = own(principal, connectorId);
    const result = await this.ingest.file(connector, body, flowFromHeaders(headers));
    void reply.header('location', `/v1/requests/${result.requestId}`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return toCommandResponse(result);
  }

  @Post(':reference/status')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Change a request's status (or acknowledge, comment, close, reopen) in the connector's format; " +
      '`reference` is the external id the tool filed under, the reference it acknowledged with, or the hub id',
  })
  @ApiBody(NATIVE_BODY)
  @ApiResponse({ status: 200, description: 'Recorded', type: CommandResponseSchema })
  @Problems(400, 401, 403, 404, 409, 503)
  async update(
    @Param('connectorId') connectorId: string,
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers() headers: HeaderBag,
  ): Promise<CommandResponse> {
    const connector = own(principal, connectorId);
    return toCommandResponse(
      await this.ingest.update(connector, reference, body, flowFromHeaders(headers)),
    );
  }
}

/** The connector of the path, when the key is its own (403 otherwise). */
export function own(principal: Principal, connectorId: string): Connector {
  requireOwnConnector(principal, connectorId);
  if (principal.kind !== 'connector') throw new Error('a connector principal was expected');
  return principal.connector;
}
