import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
  DefaultValuePipe,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { WebhookDeadLetters, type WebhookDeadLetter } from '@maillage/delivery';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from '../requests/api-docs.decorators';
import { Authenticated, CurrentPrincipal, requireOwnConnector } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { withWebhookProblems } from './webhook-problems';

/**
 * Webhook messages given up after the last retry: inspect them, replay one once fixed. The admin
 * token, or the connector's own key with the `admin` scope.
 */
@ApiTags('connectors (admin)')
@Authenticated({ scopes: ['admin'], admin: true })
@Controller('v1/connectors/:connectorId/webhook-dead-letters')
export class WebhookDeadLettersController {
  constructor(
    private readonly deadLetters: WebhookDeadLetters,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "A connector's dead letters, oldest first (bodies as sent)" })
  @Problems(401, 403, 404)
  async list(
    @Param('connectorId') connectorId: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: WebhookDeadLetter[] }> {
    requireOwnConnector(principal, connectorId);
    const capped = Math.min(Math.max(limit, 1), this.config.http.maxPageSize);
    return { items: await this.deadLetters.list(connectorId, capped) };
  }

  @Post(':deadLetterId/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a dead letter once, now (same webhook-id); delivered: it is removed',
  })
  @Problems(401, 403, 404, 409, 502)
  async replay(
    @Param('connectorId') connectorId: string,
    @Param('deadLetterId') deadLetterId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ delivered: true; status: number }> {
    requireOwnConnector(principal, connectorId);
    const outcome = await withWebhookProblems(() =>
      this.deadLetters.replay(connectorId, deadLetterId),
    );
    if (!outcome.delivered) {
      throw new ProblemException(
        502,
        'WEBHOOK.REPLAY_FAILED',
        'Replay failed',
        `the receiver did not accept the message: ${outcome.deadLetter.lastError}; it stays in the dead letters`,
        { retriable: true },
      );
    }
    return outcome;
  }
}
