import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiKeyScope,
  type Connector,
  ConnectorIngest,
  Connectors,
  requireKeyOf,
} from '@maillage/connectors';
import {
  type Open311ServiceDescription,
  type Open311ServiceRequest,
  open311RequestCreated,
  open311Services,
  renderOpen311ServiceRequest,
} from '@maillage/dialects';
import { sharedTerritory } from '@maillage/directory';
import { RequestQueries, type RequestSummary } from '@maillage/service-requests';
import { ProblemException } from '../problems/problem.exception';
import { bearerToken } from '../auth/authenticator';
import { PRINCIPAL, type WithPrincipal } from '../auth/principal';
import { OPEN311_CREATED, Open311Errors } from './open311-api-docs.decorators';
import { Open311ErrorFilter } from './open311-error.filter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** GeoReport v2 lets a client ask for several requests at once; we cap how many. */
const MAX_IDS = 50;

/**
 * Open311 GeoReport v2 for one connector of the `open311-v2` dialect: any Open311 client can list
 * the services, file a request (form-encoded or JSON, `api_key` in the body, the query, or a
 * bearer token) and follow it by its `service_request_id` (the hub id). Errors use GeoReport's
 * own format.
 */
@ApiTags('open311 (GeoReport v2)')
@UseFilters(Open311ErrorFilter)
@Controller('open311/v2/:connectorId')
export class Open311Controller {
  constructor(
    private readonly connectors: Connectors,
    private readonly ingest: ConnectorIngest,
    private readonly queries: RequestQueries,
  ) {}

  @Get('services.json')
  @ApiOperation({ summary: 'GeoReport v2 service list (the categories this hub routes)' })
  async services(
    @Param('connectorId') connectorId: string,
  ): Promise<readonly Open311ServiceDescription[]> {
    await this.open311Connector(connectorId);
    return open311Services();
  }

  @Post('requests.json')
  @ApiOperation({ summary: 'GeoReport v2 POST Service Request (form-encoded or JSON)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiResponse({ status: 201, description: 'Filed', schema: OPEN311_CREATED })
  @Open311Errors(400, 401, 403, 404, 413, 415, 503)
  async file(
    @Param('connectorId') connectorId: string,
    @Body() body: unknown,
    @Query('api_key') queryKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReturnType<typeof open311RequestCreated>> {
    const bodyKey =
      body !== null && typeof body === 'object'
        ? (body as Record<string, unknown>)['api_key']
        : undefined;
    const connector = await this.authenticate(
      request,
      connectorId,
      (typeof bodyKey === 'string' ? bodyKey : undefined) ?? queryKey ?? bearerToken(request),
      'ingest',
    );
    const result = await this.ingest.file(connector, body);
    void reply.status(201);
    return open311RequestCreated(result.requestId);
  }

  @Get('requests/:id.json')
  @ApiOperation({ summary: 'GeoReport v2 GET Service Request: follow one request' })
  async one(
    @Param('connectorId') connectorId: string,
    @Param('id') id: string,
    @Query('api_key') queryKey: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<Open311ServiceRequest[]> {
    const connector = await this.authenticate(
      request,
      connectorId,
      queryKey ?? bearerToken(request),
      'subscribe',
    );
    const found = await this.render(connector, [id]);
    if (found.length === 0) {
      throw new ProblemException(
        404,
        'OPEN311.NOT_FOUND',
        'Not found',
        `no service request ${id.slice(0, 80)}`,
      );
    }
    return found;
  }

  @Get('requests.json')
  @ApiOperation({
    summary: 'GeoReport v2 GET Service Requests, by service_request_id (comma-separated)',
  })
  async many(
    @Param('connectorId') connectorId: string,
    @Query('service_request_id') ids: string | undefined,
    @Query('api_key') queryKey: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<Open311ServiceRequest[]> {
    const connector = await this.authenticate(
      request,
      connectorId,
      queryKey ?? bearerToken(request),
      'subscribe',
    );
    const wanted = (ids ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (wanted.length === 0 || wanted.length > MAX_IDS) {
      throw new ProblemException(
        400,
        'OPEN311.INVALID',
        'Invalid request',
        `service_request_id: expected 1 to ${MAX_IDS} comma-separated ids`,
      );
    }
    return this.render(connector, wanted);
  }

  /**
   * Requests filed through this connector only: a client follows what it filed, nothing else
   * (a request id alone, even guessed, shows nothing of another tool's requests).
   */
  private async render(
    connector: Connector,
    ids: readonly string[],
  ): Promise<Open311ServiceRequest[]> {
    const territory = sharedTerritory();
    const rendered: Open311ServiceRequest[] = [];
    for (const id of ids) {
      if (!UUID.test(id)) continue;
      const summary = await this.queries.get(id);
      if (!summary || summary.source.connector !== connector.id) continue;
      rendered.push(
        renderOpen311ServiceRequest({
          id: summary.id,
          category: summary.category,
          description: summary.description,
          status: summary.status,
          lifecycle: summary.lifecycle,
          location: summary.location,
          lastStatusNote: await this.lastNote(summary),
          filedAt: summary.filedAt,
          updatedAt: summary.updatedAt,
          agencyName:
            summary.targets
              .map((target) => territory.describeAuthority(target)?.name ?? target)
              .join(', ') || null,
        }),
      );
    }
    return rendered;
  }

  /** The note of the last status change, close or reopening: what a citizen's app shows. */
  private async lastNote(summary: RequestSummary): Promise<string | null> {
    const history = await this.queries.history(summary.id);
    for (const event of [...history].reverse()) {
      if (['StatusChanged', 'RequestClosed', 'RequestReopened'].includes(event.type)) {
        const note = event.data['note'] ?? event.data['reason'];
        return typeof note === 'string' ? note : null;
      }
    }
    return null;
  }

  /**
   * The connector of the path when `key` (`api_key`, as GeoReport clients send it, or a bearer
   * token) is its own and holds `scope`: filing needs ingest, reading subscribe — a request id
   * alone opens nothing. The caller is left on the request for security events.
   */
  private async authenticate(
    request: FastifyRequest,
    connectorId: string,
    key: string | null | undefined,
    scope: ApiKeyScope,
  ): Promise<Connector> {
    const authenticated = await this.connectors.authenticateKey(key ?? undefined);
    (request as WithPrincipal)[PRINCIPAL] = { kind: 'connector', ...authenticated };
    return this.requireOpen311(requireKeyOf(authenticated, connectorId, scope, 'api_key'));
  }

  /** The service list is public, as GeoReport v2 defines it: the categories, nothing of anyone. */
  private async open311Connector(connectorId: string): Promise<Connector> {
    const connector = await this.connectors.require(connectorId);
    if (connector.status !== 'active') {
      throw new ProblemException(
        404,
        'OPEN311.NOT_FOUND',
        'Not found',
        `no Open311 endpoint ${connectorId}`,
      );
    }
    return this.requireOpen311(connector);
  }

  private requireOpen311(connector: Connector): Connector {
    if (connector.dialect !== 'open311-v2') {
      throw new ProblemException(
        404,
        'OPEN311.NOT_FOUND',
        'Not found',
        `connector ${connector.id} does not speak Open311 (its dialect is ${connector.dialect})`,
      );
    }
    return connector;
  }
}
