import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import {
  type DeadLetterAccess,
  type DeadLetterReplayResult,
  DeadLetters,
  type DeadLetterView,
} from '@maillage/dead-letters';
import { inTopic } from '@maillage/messaging';
import { Authenticated, CurrentPrincipal, requireOwnConnector } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from '../requests/api-docs.decorators';
import { withDeadLetterProblems } from './dead-letter-problems';
import { ListDeadLettersQueryDto } from './list-dead-letters.query.dto';

/**
 * The Kafka dead letters (`maillage.dlq.v1`): list, show, replay. The admin token sees them all;
 * a connector's key with the `admin` scope, only those dead-lettered from its own in-topic
 * (another's: 403 by name, 404 by id, as for the webhook dead letters).
 */
@ApiTags('dead letters (admin)')
@Authenticated({ scopes: ['admin'], admin: true })
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(DeadLetters) private readonly deadLetters: DeadLetters | null,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Dead letters by offset, payloads opened while their keys live (`[effacé]` after)',
  })
  @Problems(400, 401, 403, 404, 503)
  async list(
    @Query() query: ListDeadLettersQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: DeadLetterView[]; next: string | null }> {
    const access = accessOf(principal, query.connector);
    if (
      query.sourceTopic !== undefined &&
      access.sourceTopics !== null &&
      !access.sourceTopics.includes(query.sourceTopic)
    ) {
      throw new ProblemException(
        403,
        'CONNECTOR.FORBIDDEN',
        'Forbidden',
        `This key sees the dead letters of ${access.sourceTopics.join(', ')} only.`,
        { field: 'sourceTopic', retriable: false },
      );
    }
    const limit = Math.min(query.limit ?? 50, this.config.http.maxPageSize);
    return withDeadLetterProblems(principal, () =>
      this.available().list(
        {
          limit,
          ...(query.consumer === undefined ? {} : { consumer: query.consumer }),
          ...(query.sourceTopic === undefined ? {} : { sourceTopic: query.sourceTopic }),
          ...(query.partition === undefined ? {} : { partition: query.partition }),
          ...(query.from === undefined ? {} : { from: query.from }),
        },
        access,
      ),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter (id `<partition>-<offset>`), payload opened' })
  @Problems(401, 403, 404, 503)
  show(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<DeadLetterView> {
    return withDeadLetterProblems(principal, () =>
      this.available().show(id, accessOf(principal, undefined)),
    );
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish the opened payload again to its source topic, key and headers as they were; once (a second call answers the first result)',
  })
  @Problems(401, 403, 404, 409, 410, 503)
  replay(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeadLetterReplayResult> {
    return withDeadLetterProblems(principal, () =>
      this.available().replay(id, accessOf(principal, undefined)),
    );
  }

  private available(): DeadLetters {
    if (!this.deadLetters) {
      throw new ProblemException(
        404,
        'DEAD_LETTER.NO_TOPIC',
        'No dead-letter topic',
        'This hub runs without Kafka (KAFKA_BROKERS): it has no dead-letter topic.',
        { retriable: false },
      );
    }
    return this.deadLetters;
  }
}

/** The admin sees every dead letter (or a connector's); a connector's key, its in-topic's. */
function accessOf(principal: Principal, connector: string | undefined): DeadLetterAccess {
  if (principal.kind === 'connector') {
    if (connector !== undefined) requireOwnConnector(principal, connector);
    return { sourceTopics: [inTopic(principal.connector.id)] };
  }
  return { sourceTopics: connector === undefined ? null : [inTopic(connector)] };
}
