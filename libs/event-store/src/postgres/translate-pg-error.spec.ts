import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import { translatePgError } from './translate-pg-error';

function pgError(code: string, message = 'pg error'): Error {
  return Object.assign(new Error(message), { code });
}

describe('translatePgError', () => {
  it.each([
    ['connection refused', pgError('ECONNREFUSED')],
    ['connection reset', pgError('ECONNRESET')],
    ['admin shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['starting up', pgError('57P03', 'the database system is starting up')],
    ['connection exception class', pgError('08006')],
    ['too many connections', pgError('53300')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('maps %s to a retriable EventStoreUnavailableError', (_, error) => {
    const translated = translatePgError(error);
    expect(translated).toBeInstanceOf(EventStoreUnavailableError);
    expect(translated).toMatchObject({ code: 'STORE.UNAVAILABLE', retriable: true, cause: error });
  });

  it('lets other errors through untouched', () => {
    const uniqueViolation = pgError('23505', 'duplicate key value violates unique constraint');
    expect(translatePgError(uniqueViolation)).toBe(uniqueViolation);
    const bug = new TypeError('x is undefined');
    expect(translatePgError(bug)).toBe(bug);
  });
});
