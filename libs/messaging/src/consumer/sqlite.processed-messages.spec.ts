import Database from 'better-sqlite3';

import { DedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error';
import { processedMessagesContract } from '../testing/processed-messages.contract';
import { SqliteProcessedMessages } from './sqlite.processed-messages';

describe('SqliteProcessedMessages', () => {
  let db: Database.Database;

  describe('contract', () => {
    processedMessagesContract<Database.Database>(
      () => {
        db = new Database(':memory:');
        db.exec(
          'CREATE TABLE effects (seq INTEGER PRIMARY KEY AUTOINCREMENT, value TEXT NOT NULL)',
        );
        return Promise.resolve({
          store: new SqliteProcessedMessages({ database: db }),
          write: (tx, value) =>
            Promise.resolve(void tx.prepare('INSERT INTO effects (value) VALUES (?)').run(value)),
          written: () =>
            Promise.resolve(
              (
                db.prepare('SELECT value FROM effects ORDER BY seq').all() as { value: string }[]
              ).map((r) => r.value),
            ),
        });
      },
      () => {
        db.close();
        return Promise.resolve();
      },
    );
  });

  it('reports its own failure as DedupStoreUnavailableError, without running the effect', async () => {
    db = new Database(':memory:');
    const store = new SqliteProcessedMessages({ database: db, table: 'marks' });
    db.exec('DROP TABLE marks');
    const effect = jest.fn(() => Promise.resolve());
    await expect(store.processOnce('projector', 'evt-1', effect)).rejects.toBeInstanceOf(
      DedupStoreUnavailableError,
    );
    expect(effect).not.toHaveBeenCalled();
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('refuses a table name that is not a plain identifier', () => {
    db = new Database(':memory:');
    expect(
      () => new SqliteProcessedMessages({ database: db, table: 'marks; DROP TABLE x' }),
    ).toThrow(TypeError);
    db.close();
  });
});
