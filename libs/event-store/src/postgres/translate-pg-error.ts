import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';

/** Socket-level failures: the server is down, unreachable, or dropped the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs meaning "not now": admin/crash shutdown, starting up (57P01-03), too many
 * connections (53300), out of disk or memory (53100, 53200), and the whole class 08 (connection
 * exceptions).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53100', '53200']);

/** pg reports a lost or never-obtained connection with these plain messages (no code). */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed|Cannot use a pool after calling end/i;

/** True when the error says the server cannot serve now (the connection must not be reused). */
export function isPgUnavailable(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  // Duck-typed, not `instanceof Error`: socket errors are made by Node's core, in another realm
  // than code running under a VM context (jest), where instanceof would say false.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) {
      return true;
    }
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/** Maps pg errors to the store's error family at the adapter boundary; others pass through. */
export function translatePgError(error: unknown): Error {
  if (error instanceof EventStoreUnavailableError || !isPgUnavailable(error)) return error as Error;
  const code = (error as { code?: unknown }).code;
  return new EventStoreUnavailableError(
    `PostgreSQL event store unavailable${typeof code === 'string' ? `: ${code}` : ''}`,
    { cause: error },
  );
}
