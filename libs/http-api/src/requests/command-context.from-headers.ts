import type { CommandContext } from '@maillage/service-requests';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problems/problem.exception';

type Headers = Record<string, string | string[] | undefined>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who is acting: the authority and connector of the caller's key, never a header or the body. A
 * tool may still declare `Maillage-Authority` / `Maillage-Connector` (as before keys carried
 * them): a declaration that differs from its key is refused (403), not silently corrected.
 */
export function commandContextOf(
  principal: Principal | undefined,
  headers: Headers,
): CommandContext {
  if (principal?.kind !== 'connector') throw new Error('commandContextOf: no connector principal');
  const { connector } = principal;
  const errors: { field: string; reason: string }[] = [];
  const declaredAuthority = single(headers, 'Maillage-Authority', errors);
  const declaredConnector = single(headers, 'Maillage-Connector', errors);
  const flow = collectFlow(headers, errors);
  if (errors.length > 0) throw ProblemException.validation(errors);
  for (const [header, declared, actual] of [
    ['Maillage-Authority', declaredAuthority, connector.authority],
    ['Maillage-Connector', declaredConnector, connector.id],
  ] as const) {
    if (declared !== undefined && declared !== actual) {
      throw new ProblemException(
        403,
        'AUTH.ACTOR_MISMATCH',
        'Acting for someone else',
        `${header}: this key acts as ${actual}; it cannot act as ${declared.slice(0, 80)}.`,
        { field: header, retriable: false },
      );
    }
  }
  return { actor: { authority: connector.authority, connector: connector.id }, ...flow };
}

/** `Idempotency-Key` and `Maillage-Correlation-Id`, validated (400 naming the header otherwise). */
export function flowFromHeaders(headers: Headers): {
  idempotencyKey?: string;
  correlationId?: string;
} {
  const errors: { field: string; reason: string }[] = [];
  const flow = collectFlow(headers, errors);
  if (errors.length > 0) throw ProblemException.validation(errors);
  return flow;
}

function collectFlow(
  headers: Headers,
  errors: { field: string; reason: string }[],
): { idempotencyKey?: string; correlationId?: string } {
  const idempotencyKey = single(headers, 'Idempotency-Key', errors);
  const correlationId = single(headers, 'Maillage-Correlation-Id', errors);
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    errors.push({
      field: 'Idempotency-Key',
      reason: 'must be 1 to 255 printable ASCII characters',
    });
  }
  if (correlationId !== undefined && !UUID.test(correlationId)) {
    errors.push({ field: 'Maillage-Correlation-Id', reason: 'must be a UUID' });
  }
  return {
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}

function single(
  headers: Headers,
  name: string,
  errors: { field: string; reason: string }[],
): string | undefined {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) {
    errors.push({ field: name, reason: 'must be sent once' });
    return undefined;
  }
  return value;
}

/** Path ids are hub UUIDs; anything else cannot name a request. */
export function assertRequestId(id: string): void {
  if (!UUID.test(id)) throw ProblemException.notFound(`Request ${id.slice(0, 80)}`);
}
