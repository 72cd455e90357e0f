import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Connector,
  Connectors,
  ConnectorsError,
  type Subscription,
} from '@maillage/connectors';
import { ConnectorFeed, type FeedPage } from '@maillage/dispatcher';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { integer, MAX_LIMIT, MAX_WAIT_SECONDS } from '../connectors/connector-feed.controller';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from '../requests/api-docs.decorators';
import { CreateSubscriptionDto } from './create-subscription.dto';
import { SubscriptionAnswerSchema, SubscriptionListSchema } from './subscription.schema';

/**
 * A connector's subscriptions: what its back office follows in its territory (by territory,
 * category, competence and event type) besides the requests its authority handles. Its key with
 * the `subscribe` scope; a subscription id of another connector answers 404.
 */
@ApiTags('subscriptions')
@Authenticated({ scopes: ['subscribe'] })
@Controller('v1')
export class SubscriptionsController {
  constructor(
    private readonly connectors: Connectors,
    private readonly feed: ConnectorFeed,
  ) {}

  @Post('subscriptions')
  @ApiOperation({ summary: 'Subscribe to the events of a territory (within your own)' })
  @ApiResponse({
    status: 201,
    description: 'Subscribed; its feed is at /v1/feeds/{id}',
    type: SubscriptionAnswerSchema,
  })
  @Problems(400, 401, 403)
  async create(
    @Body() body: CreateSubscriptionDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ subscription: Subscription }> {
    const subscription = await this.connectors.subscribe(connectorOf(principal).id, body);
    void reply.header('location', `/v1/subscriptions/${subscription.id}`);
    return { subscription };
  }

  @Get('subscriptions')
  @ApiOperation({ summary: "The calling connector's subscriptions" })
  @ApiResponse({ status: 200, description: 'Its subscriptions', type: SubscriptionListSchema })
  @Problems(401, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: readonly Subscription[] }> {
    const connector = await this.connectors.require(connectorOf(principal).id);
    return { items: connector.subscriptions ?? [] };
  }

  @Get('subscriptions/:subscriptionId')
  @ApiOperation({ summary: 'One of your subscriptions' })
  @ApiResponse({ status: 200, description: 'The subscription', type: SubscriptionAnswerSchema })
  @Problems(401, 403, 404)
  async get(
    @Param('subscriptionId') subscriptionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ subscription: Subscription }> {
    return { subscription: await this.own(principal, subscriptionId) };
  }

  @Delete('subscriptions/:subscriptionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe' })
  @Problems(401, 403, 404)
  async remove(
    @Param('subscriptionId') subscriptionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.own(principal, subscriptionId);
    await this.connectors.unsubscribe(connectorOf(principal).id, subscriptionId);
  }

  @Get('feeds/:subscriptionId')
  @ApiOperation({
    summary:
      'What a subscription follows, after a cursor, in order (canonical events, no personal data); `wait` long-polls',
  })
  @ApiQuery({ name: 'after', required: false, description: 'cursor: `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT} (default 100)` })
  @ApiQuery({ name: 'wait', required: false, description: `0 to ${MAX_WAIT_SECONDS} seconds` })
  @Problems(400, 401, 403, 404)
  async read(
    @Param('subscriptionId') subscriptionId: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('wait') wait: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<FeedPage> {
    await this.own(principal, subscriptionId);
    const closed = new AbortController();
    request.raw.once('close', () => closed.abort());
    return this.feed.read(
      connectorOf(principal),
      integer('after', after, 0, 0, Number.MAX_SAFE_INTEGER),
      integer('limit', limit, 100, 1, MAX_LIMIT),
      integer('wait', wait, 0, 0, MAX_WAIT_SECONDS) * 1000,
      closed.signal,
      subscriptionId,
    );
  }

  /** The caller's subscription; 404 otherwise (another connector's is hidden, and logged). */
  private async own(principal: Principal, subscriptionId: string): Promise<Subscription> {
    const connector = connectorOf(principal);
    try {
      return await this.connectors.subscription(connector.id, subscriptionId);
    } catch (error) {
      if (!(error instanceof ConnectorsError)) throw error;
      const elsewhere = (await this.connectors.subscribers()).some((other) =>
        other.subscriptions?.some((subscription) => subscription.id === subscriptionId),
      );
      throw new ProblemException(
        404,
        'SUBSCRIPTION.NOT_FOUND',
        'Not found',
        `no subscription ${subscriptionId.slice(0, 80)}`,
        { field: 'subscriptionId', hidden: elsewhere },
      );
    }
  }
}

function connectorOf(principal: Principal): Connector {
  if (principal.kind !== 'connector')
    throw new Error('subscriptions: connector principal expected');
  return principal.connector;
}
