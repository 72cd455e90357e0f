import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';

/**
 * SQLite result codes meaning "the database cannot serve now" rather than "this request is
 * wrong": another process holds the write lock past the busy timeout, the disk is full or
 * failing, the file cannot be opened or has been made read-only.
 */
const UNAVAILABLE_PREFIXES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
];

/**
 * Maps better-sqlite3 errors to the store's error family; other errors pass through as they are
 * (typed `Error`: only errors are ever thrown along these paths).
 */
export function translateSqliteError(error: unknown): Error {
  // Duck-typed on purpose: better-sqlite3's native addon keeps the SqliteError class of the first
  // module instance that loaded it, so under a fresh module registry (jest runs each test file in
  // one) `instanceof Database.SqliteError` can be false for a genuine SqliteError.
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && UNAVAILABLE_PREFIXES.some((prefix) => code.startsWith(prefix))) {
    return new EventStoreUnavailableError(`SQLite event store unavailable: ${code}`, {
      cause: error,
    });
  }
  return error as Error;
}
