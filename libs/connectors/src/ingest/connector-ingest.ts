import type { CommandBus } from '@nestjs/cqrs';
import type { Dialect, DialectContext, DialectId, SourceTime } from '@maillage/dialects';
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
  type RequestIds,
  type RequestQueries,
} from '@maillage/service-requests';
import type { Connector } from '../connector';
import { ConnectorsError } from '../connectors.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How a native message arrived: the retry key and flow it belongs to, if the transport has them. */
export interface IngestContext {
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/**
 * A connector's native messages in, canonical commands out: the dialect decodes (never guessing:
 * a payload that does not fit is refused with every issue, and nothing is recorded), the
 * connector's authority is the actor, and the request is found by the tool's own id or the hub's.
 * HTTP and the Kafka inbound topics both go through here.
 */
export class ConnectorIngest {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RequestQueries,
    private readonly ids: RequestIds,
    private readonly dialectOf: (id: DialectId) => Dialect,
    /** Whether an authority id names a real commune, EPCI or département. */
    private readonly authorityExists: (authority: string) => boolean,
  ) {}

  async file(
    connector: Connector,
    payload: unknown,
    ingest: IngestContext = {},
  ): Promise<CommandResult> {
    const dialect = this.dialectOf(connector.dialect);
    const decoded = dialect.decodeFiling(payload, dialectContext(connector));
    if (!decoded.ok) throw payloadInvalid(dialect, decoded.issues);
    const filing = decoded.value;
    const context = this.commandContext(connector, ingest, filing.filedAt);
    return this.commands.execute(
      new FileRequestCommand(
        {
          source: {
            authority: connector.authority,
            connector: connector.id,
            externalId: filing.externalId,
          },
          channel: filing.channel,
          category: filing.category,
          description: filing.description,
          location: filing.location,
          attachments: filing.attachments,
          citizen: filing.citizen,
          ...(filing.filedAt ? { filedAt: utc(filing.filedAt) } : {}),
        },
        context,
      ),
    );
  }

  /**
   * A change to a request. `reference` (from the URL, or null to take the one in the payload) is
   * the tool's own id — the external id it filed under, or the reference it acknowledged with —
   * or the hub id.
   */
  async update(
    connector: Connector,
    reference: string | null,
    payload: unknown,
    ingest: IngestContext = {},
  ): Promise<CommandResult> {
    const dialect = this.dialectOf(connector.dialect);
    const decoded = dialect.decodeUpdate(payload, dialectContext(connector));
    if (!decoded.ok) throw payloadInvalid(dialect, decoded.issues);
    const update = decoded.value;
    const requestId = await this.resolve(
      connector,
      reference ??
        (update.request.kind === 'hub' ? update.request.requestId : update.request.externalId),
    );
    const context = this.commandContext(connector, ingest, update.occurredAt);
    switch (update.kind) {
      case 'acknowledge':
        return this.commands.execute(
          new AcknowledgeRequestCommand(
            requestId,
            { externalReference: update.externalReference },
            context,
          ),
        );
      case 'status':
        return this.commands.execute(
          new ChangeStatusCommand(
            requestId,
            { to: update.to, raw: update.raw, note: update.note },
            context,
          ),
        );
      case 'close':
        return this.commands.execute(
          new CloseRequestCommand(
            requestId,
            { outcome: update.outcome, raw: update.raw, note: update.note },
            context,
          ),
        );
      case 'comment':
        return this.commands.execute(
          new AddCommentCommand(
            requestId,
            { text: update.text, visibility: update.visibility },
            context,
          ),
        );
      case 'reopen':
        return this.commands.execute(
          new ReopenRequestCommand(requestId, { reason: update.reason }, context),
        );
      case 'transfer':
        for (const [index, authority] of update.to.entries()) {
          if (!this.authorityExists(authority)) {
            throw new ConnectorsError(
              'CONNECTOR.PAYLOAD_INVALID',
              `the competent authority ${authority} does not exist in the territory`,
              null,
              [
                {
                  pointer: '',
                  expected: `an existing authority (to[${index}])`,
                  code: 'DIALECT.UNKNOWN_VALUE',
                },
              ],
            );
          }
        }
        return this.commands.execute(
          new TransferRequestCommand(
            requestId,
            { to: [...update.to], reason: update.reason },
            context,
          ),
        );
    }
  }

  /**
   * The hub id of the request `reference` names for this connector: the hub id itself, the
   * request the tool filed under that external id, or the one it acknowledged under it.
   */
  async resolve(connector: Connector, reference: string): Promise<string> {
    if (UUID.test(reference)) return reference;
    const filed = this.ids.forExternalRequest(connector.authority, reference);
    if (await this.queries.exists(filed)) return filed;
    const acknowledged = await this.queries.findByReference(connector.authority, reference);
    if (acknowledged) return acknowledged;
    throw new ConnectorsError(
      'CONNECTOR.REQUEST_NOT_FOUND',
      `${connector.authority} filed or acknowledged no request under the reference ${reference}`,
      'externalId',
    );
  }

  private commandContext(
    connector: Connector,
    ingest: IngestContext,
    sourceTime: SourceTime | null,
  ): CommandContext {
    return {
      actor: { authority: connector.authority, connector: connector.id },
      ...(ingest.idempotencyKey ? { idempotencyKey: ingest.idempotencyKey } : {}),
      ...(ingest.correlationId ? { correlationId: ingest.correlationId } : {}),
      ...(ingest.causationId ? { causationId: ingest.causationId } : {}),
      ...(sourceTime
        ? {
            occurredAt: utc(sourceTime),
            ...(sourceTime.raw !== sourceTime.utc
              ? { sourceTime: { raw: sourceTime.raw, timeZone: connector.timeZone } }
              : {}),
          }
        : {}),
    };
  }
}

/** The hub writes times one way: `toISOString()` (milliseconds, `Z`). */
function utc(time: SourceTime): string {
  return new Date(time.utc).toISOString();
}

/** What a dialect needs to know of the connector it decodes or encodes for. */
export function dialectContext(connector: Connector): DialectContext {
  return {
    authority: connector.authority,
    defaultInseeCode: connector.defaultInseeCode,
    timeZone: connector.timeZone,
  };
}

function payloadInvalid(
  dialect: Dialect,
  issues: readonly { pointer: string; expected: string; code: string }[],
): ConnectorsError {
  const first = issues[0];
  return new ConnectorsError(
    'CONNECTOR.PAYLOAD_INVALID',
    `the payload does not fit the ${dialect.id} dialect` +
      (first ? `: ${first.pointer || '(payload)'} — expected ${first.expected}` : ''),
    first ? first.pointer : null,
    issues,
  );
}
