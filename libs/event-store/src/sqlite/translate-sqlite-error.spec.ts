import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import { translateSqliteError } from './translate-sqlite-error';

describe('translateSqliteError', () => {
  it.each([
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    'SQLITE_IOERR_FSYNC',
    'SQLITE_FULL',
    'SQLITE_CANTOPEN',
  ])('maps %s to a retriable EventStoreUnavailableError', (code) => {
    const error = new Database.SqliteError('database is locked', code);
    expect(translateSqliteError(error)).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('lets constraint violations and bugs through untouched', () => {
    const constraint = new Database.SqliteError(
      'UNIQUE constraint failed',
      'SQLITE_CONSTRAINT_UNIQUE',
    );
    expect(translateSqliteError(constraint)).toBe(constraint);
    const bug = new TypeError('x is undefined');
    expect(translateSqliteError(bug)).toBe(bug);
  });

  it('reports a database another process keeps locked as unavailable', () => {
    const file = join(tmpdir(), `maillage-locked-${process.pid}.sqlite`);
    const holder = new Database(file);
    const other = new Database(file, { timeout: 10 });
    holder.exec('CREATE TABLE IF NOT EXISTS t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    try {
      other.exec('BEGIN IMMEDIATE');
      throw new Error('expected SQLITE_BUSY');
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(translateSqliteError(error)).toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      other.close();
      rmSync(file, { force: true });
    }
  });
});
