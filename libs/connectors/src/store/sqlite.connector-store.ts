import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Connector, type StoredApiKey, scopesOf } from '../connector';
import { ConnectorsError, connectorNotFound as notFound } from '../connectors.error';
import type { ConnectorStore } from './connector-store.port';

interface KeyRow {
  key_id: string;
  connector_id: string;
  secret_hash: string;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

/** Connectors in their own SQLite file beside the event store (the embedded default). */
export class SqliteConnectorStore implements ConnectorStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS connectors (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS connector_keys (
        key_id TEXT PRIMARY KEY,
        connector_id TEXT NOT NULL REFERENCES connectors (id),
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX IF NOT EXISTS connector_keys_by_connector ON connector_keys (connector_id);
    `);
    // Files written before keys had scopes: their keys keep what every key could do then.
    const columns = this.db.pragma('table_info(connector_keys)') as { name: string }[];
    if (!columns.some((column) => column.name === 'scopes')) {
      this.db.exec(
        "ALTER TABLE connector_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'ingest subscribe'",
      );
    }
  }

  insert(connector: Connector, key: StoredApiKey | null): Promise<void> {
    return this.run(() => {
      this.db.transaction(() => {
        const inserted = this.db
          .prepare('INSERT OR IGNORE INTO connectors (id, body) VALUES (?, ?)')
          .run(connector.id, JSON.stringify(connector));
        if (inserted.changes === 0) {
          throw new ConnectorsError(
            'CONNECTOR.ALREADY_EXISTS',
            `connector ${connector.id} already exists`,
            'id',
          );
        }
        if (key) this.insertKey(key);
      })();
    });
  }

  update(connector: Connector): Promise<void> {
    return this.run(() => {
      const updated = this.db
        .prepare('UPDATE connectors SET body = ? WHERE id = ?')
        .run(JSON.stringify(connector), connector.id);
      if (updated.changes === 0) throw notFound(connector.id);
    });
  }

  get(id: string): Promise<Connector | null> {
    return this.run(() => {
      const body = this.db.prepare('SELECT body FROM connectors WHERE id = ?').pluck().get(id) as
        string | undefined;
      return body === undefined ? null : (JSON.parse(body) as Connector);
    });
  }

  list(): Promise<Connector[]> {
    return this.run(() =>
      (this.db.prepare('SELECT body FROM connectors ORDER BY id').pluck().all() as string[]).map(
        (body) => JSON.parse(body) as Connector,
      ),
    );
  }

  addKey(key: StoredApiKey): Promise<void> {
    return this.run(() => this.insertKey(key));
  }

  revokeKey(connectorId: string, keyId: string, at: string): Promise<StoredApiKey | null> {
    return this.run(() => {
      this.db
        .prepare(
          'UPDATE connector_keys SET revoked_at = ? WHERE key_id = ? AND connector_id = ? AND revoked_at IS NULL',
        )
        .run(at, keyId, connectorId);
      const row = this.keyRow(keyId);
      return row && row.connector_id === connectorId ? toKey(row) : null;
    });
  }

  findKey(keyId: string): Promise<StoredApiKey | null> {
    return this.run(() => {
      const row = this.keyRow(keyId);
      return row ? toKey(row) : null;
    });
  }

  keysOf(connectorId: string): Promise<StoredApiKey[]> {
    return this.run(() =>
      (
        this.db
          .prepare(
            'SELECT * FROM connector_keys WHERE connector_id = ? ORDER BY created_at, key_id',
          )
          .all(connectorId) as KeyRow[]
      ).map(toKey),
    );
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private insertKey(key: StoredApiKey): void {
    this.db
      .prepare(
        'INSERT INTO connector_keys (key_id, connector_id, secret_hash, scopes, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        key.keyId,
        key.connectorId,
        key.secretHash,
        key.scopes.join(' '),
        key.createdAt,
        key.revokedAt,
      );
  }

  private keyRow(keyId: string): KeyRow | undefined {
    return this.db.prepare('SELECT * FROM connector_keys WHERE key_id = ?').get(keyId) as
      KeyRow | undefined;
  }

  /** Runs synchronously, reporting errors through the promise like the other adapters. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function toKey(row: KeyRow): StoredApiKey {
  return {
    keyId: row.key_id,
    connectorId: row.connector_id,
    secretHash: row.secret_hash,
    scopes: scopesOf(row.scopes),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
