import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  type ApiKeyScope,
  type ApiKeyView,
  type Connector,
  Connectors,
  DEFAULT_API_KEY_SCOPES,
  type IssuedApiKey,
} from '@maillage/connectors';
import { Problems } from '../requests/api-docs.decorators';
import { Authenticated } from '../auth/authenticated';
import { IssueKeyDto } from './dto/issue-key.dto';
import { CreateConnectorDto } from './dto/create-connector.dto';
import { UpdateConnectorDto } from './dto/update-connector.dto';
import {
  ConnectorAnswerSchema,
  ConnectorListSchema,
  ConnectorRegisteredSchema,
  ConnectorWithKeysSchema,
  KeyIssuedSchema,
  KeyRevokedSchema,
} from './schemas/connector.schema';

/** A key as issued: the whole key appears in this answer only, never again. */
interface IssuedKeyResponse {
  readonly keyId: string;
  readonly key: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly notice: string;
}

const SHOWN_ONCE = 'Store this key now: the hub keeps only its hash and will never show it again.';

/** The admin API of connectors: register GRC tools, change their settings, issue and revoke keys. */
@ApiTags('connectors (admin)')
@Authenticated({ admin: true })
@Controller('v1/connectors')
export class ConnectorsAdminController {
  constructor(private readonly connectors: Connectors) {}

  @Post()
  @ApiOperation({ summary: 'Register a connector; answers its first API key, shown once' })
  @ApiResponse({ status: 201, description: 'Registered', type: ConnectorRegisteredSchema })
  @Problems(400, 401, 403, 409)
  async create(
    @Body() body: CreateConnectorDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ connector: Connector; apiKey: IssuedKeyResponse }> {
    const { connector, key } = await this.connectors.register({
      ...body,
      ...(body.delivery ? { delivery: { ...body.delivery } } : {}),
    });
    void reply.header('location', `/v1/connectors/${connector.id}`);
    return { connector, apiKey: issued(key) };
  }

  @Get()
  @ApiOperation({ summary: 'Every connector' })
  @ApiResponse({ status: 200, description: 'Every connector', type: ConnectorListSchema })
  @Problems(401, 403)
  async list(): Promise<{ items: Connector[] }> {
    return { items: await this.connectors.list() };
  }

  @Get(':connectorId')
  @ApiOperation({ summary: 'A connector and its keys (ids and dates only)' })
  @ApiResponse({ status: 200, description: 'The connector', type: ConnectorWithKeysSchema })
  @Problems(401, 403, 404)
  async get(
    @Param('connectorId') id: string,
  ): Promise<{ connector: Connector; keys: ApiKeyView[] }> {
    return { connector: await this.connectors.require(id), keys: await this.connectors.keys(id) };
  }

  @Patch(':connectorId')
  @ApiOperation({ summary: "Change a connector's settings (never its id or authority)" })
  @ApiResponse({ status: 200, description: 'Changed', type: ConnectorAnswerSchema })
  @Problems(400, 401, 403, 404)
  async update(
    @Param('connectorId') id: string,
    @Body() body: UpdateConnectorDto,
  ): Promise<{ connector: Connector }> {
    return {
      connector: await this.connectors.update(id, {
        ...body,
        ...(body.delivery ? { delivery: { ...body.delivery } } : {}),
      }),
    };
  }

  @Post(':connectorId/keys')
  @ApiOperation({
    summary: 'Issue a new key (rotation): the old ones keep working until revoked',
  })
  @ApiResponse({ status: 201, description: 'Issued; the key is shown once', type: KeyIssuedSchema })
  @Problems(400, 401, 403, 404)
  async issueKey(
    @Param('connectorId') id: string,
    @Body() body: IssueKeyDto,
  ): Promise<{ apiKey: IssuedKeyResponse }> {
    return { apiKey: issued(await this.connectors.issueKey(id, body.scopes)) };
  }

  @Delete(':connectorId/keys/:keyId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key at once' })
  @ApiResponse({ status: 200, description: 'Revoked', type: KeyRevokedSchema })
  @Problems(401, 403, 404)
  async revokeKey(
    @Param('connectorId') id: string,
    @Param('keyId') keyId: string,
  ): Promise<{ key: ApiKeyView }> {
    return { key: await this.connectors.revokeKey(id, keyId) };
  }
}

function issued(key: IssuedApiKey & { scopes?: readonly ApiKeyScope[] }): IssuedKeyResponse {
  return {
    keyId: key.keyId,
    key: key.key,
    scopes: key.scopes ?? DEFAULT_API_KEY_SCOPES,
    notice: SHOWN_ONCE,
  };
}
