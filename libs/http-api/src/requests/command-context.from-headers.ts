import { AUTHORITY_ID_PATTERN } from '@maillage/domain';
import type { CommandContext } from '@maillage/service-requests';
import { ProblemException } from '../problems/problem.exception';

type Headers = Record<string, string | string[] | undefined>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const CONNECTOR_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who is acting, from the request headers. On the canonical API the acting authority is declared
 * in `Maillage-Authority` (and the tool in `Maillage-Connector`); connectors' own endpoints take
 * it from their key instead. The body never carries it, so no body can claim to act for someone else.
 */
export function commandContextFromHeaders(headers: Headers): CommandContext {
  const errors: { field: string; reason: string }[] = [];
  const authority = single(headers, 'Maillage-Authority', errors);
  const connector = single(headers, 'Maillage-Connector', errors);
  if (!authority)
    errors.push({ field: 'Maillage-Authority', reason: 'header is required (e.g. commune:45155)' });
  else if (!AUTHORITY_ID_PATTERN.test(authority)) {
    errors.push({
      field: 'Maillage-Authority',
      reason: 'must be an authority id like commune:45155, epci:244500211 or departement:45',
    });
  }
  if (connector !== undefined && !CONNECTOR_ID.test(connector)) {
    errors.push({
      field: 'Maillage-Connector',
      reason: 'must be a lower-case connector id (letters, digits, dashes)',
    });
  }
  const flow = collectFlow(headers, errors);
  if (errors.length > 0) throw ProblemException.validation(errors);
  return { actor: { authority: authority!, connector: connector ?? null }, ...flow };
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
