import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ERASED } from '@maillage/personal-data';
import { everInvolved, RequestQueries } from '@maillage/service-requests';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problems/problem.exception';
import { Problems } from './api-docs.decorators';
import { assertRequestId } from './command-context.from-headers';

const CONTACT_FIELDS = ['name', 'email', 'phone', 'address'] as const;

/** What `GET /v1/requests/{id}/personal-data` answers. */
export interface RequestPersonalData {
  readonly requestId: string;
  /** The citizen's pseudonymous id (what an erasure names), null when they gave no contact. */
  readonly subjectId: string | null;
  /** True once the citizen was erased: every field then reads `[effacé]`. */
  readonly erased: boolean;
  /** The contact the citizen filed with, null when they gave none. */
  readonly contact: {
    readonly name?: string;
    readonly email?: string;
    readonly phone?: string;
    readonly address?: string;
  } | null;
}

const CONTACT_SCHEMA = {
  type: 'object',
  nullable: true,
  additionalProperties: false,
  description: 'The fields the citizen gave; null when they gave none',
  properties: Object.fromEntries(CONTACT_FIELDS.map((field) => [field, { type: 'string' }])),
};

/**
 * The claim check of the Kafka out-topics: they carry no contact (Kafka keeps a record for the
 * topic's retention and an erasure cannot rewrite it), so a tool reads it here — only a tool of
 * an authority that handles the request (its origin, or one it is or was routed to); any other
 * caller gets 404, as for the other hidden reads. Read through the decrypting store: after an
 * erasure it answers `[effacé]`. Auditors verify what is stored and need no contact: refused.
 */
@ApiTags('requests')
@Controller('v1/requests')
export class RequestPersonalDataController {
  constructor(private readonly queries: RequestQueries) {}

  @Get(':id/personal-data')
  @Authenticated({ scopes: ['subscribe'] })
  @ApiOperation({
    summary: "The citizen's contact, for the authorities that handle the request",
    description:
      'What the Kafka out-topics withhold (their messages carry the header `ce_maillagepersonaldata` with this path). Connector keys with the `subscribe` scope, of the authority that filed the request or one it is or was routed to; 404 for any other. After an erasure, `erased` is true and every field reads `[effacé]`.',
  })
  @ApiResponse({
    status: 200,
    description: "The citizen's contact",
    schema: {
      type: 'object',
      required: ['requestId', 'subjectId', 'erased', 'contact'],
      additionalProperties: false,
      properties: {
        requestId: { type: 'string', format: 'uuid' },
        subjectId: {
          type: 'string',
          nullable: true,
          description: "The citizen's pseudonymous id; null when they gave no contact",
        },
        erased: { type: 'boolean', description: 'Erased: every field reads `[effacé]`' },
        contact: CONTACT_SCHEMA,
      },
    },
  })
  @Problems(404)
  async read(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RequestPersonalData> {
    assertRequestId(id);
    const history = await this.queries.history(id);
    if (history.length === 0) throw ProblemException.notFound(`Request ${id}`);
    if (principal.kind !== 'connector' || !everInvolved(history, principal.connector.authority)) {
      throw ProblemException.notFound(`Request ${id}`, { hidden: true });
    }
    // Only the filing carries the personal part (see schemas/events).
    const personal = history[0]?.type === 'RequestFiled' ? history[0].personal : null;
    if (personal === null || personal === undefined) {
      return { requestId: id, subjectId: null, erased: false, contact: null };
    }
    const contact: Record<string, string> = {};
    for (const field of CONTACT_FIELDS) {
      const value = personal[field];
      if (typeof value === 'string') contact[field] = value;
    }
    const subjectId = personal['subjectId'];
    return {
      requestId: id,
      subjectId: typeof subjectId === 'string' ? subjectId : null,
      erased:
        Object.values(contact).length > 0 && Object.values(contact).every((v) => v === ERASED),
      contact,
    };
  }
}
