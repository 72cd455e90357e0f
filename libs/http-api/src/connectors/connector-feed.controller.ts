import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ConnectorFeed, type FeedPage } from '@maillage/dispatcher';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from '../requests/api-docs.decorators';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { own } from './connector-ingest.controller';

export const MAX_LIMIT = 500;
export const MAX_WAIT_SECONDS = 30;

/**
 * What a tool receives, pulled over HTTP: the same messages as its out-topic, in its dialect, in
 * order, after a cursor, with long polling — for a back office without Kafka or a public endpoint,
 * and on the embedded default.
 */
@ApiTags('connectors (ingest)')
@Authenticated({ scopes: ['subscribe'] })
@Controller('v1/connectors/:connectorId/feed')
export class ConnectorFeedController {
  constructor(private readonly feed: ConnectorFeed) {}

  @Get()
  @ApiOperation({
    summary:
      "The connector's messages after a cursor, in its dialect; `wait` long-polls when there are none yet",
  })
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'cursor: `next` of the previous page (default 0)',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `messages per page, 1 to ${MAX_LIMIT} (default 100)`,
  })
  @ApiQuery({
    name: 'wait',
    required: false,
    description: `seconds to wait for new messages, 0 to ${MAX_WAIT_SECONDS} (default 0)`,
  })
  @Problems(400, 401, 403)
  async read(
    @Param('connectorId') connectorId: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('wait') wait: string | undefined,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FeedPage> {
    const connector = own(principal, connectorId);
    const closed = new AbortController();
    request.raw.once('close', () => closed.abort());
    return this.feed.read(
      connector,
      integer('after', after, 0, 0, Number.MAX_SAFE_INTEGER),
      integer('limit', limit, 100, 1, MAX_LIMIT),
      integer('wait', wait, 0, 0, MAX_WAIT_SECONDS) * 1000,
      closed.signal,
    );
  }
}

export function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw ProblemException.validation([
      { field: name, reason: `must be an integer from ${min} to ${max}` },
    ]);
  }
  return value;
}
