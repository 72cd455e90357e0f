import type { Connector, StoredApiKey } from '../connector';

/**
 * Where connectors and the hashes of their keys are kept. Every adapter passes the same contract
 * suite (`testing/connector-store.contract.ts`).
 */
export interface ConnectorStore {
  /** Inserts a connector and its first key; `CONNECTOR.ALREADY_EXISTS` when the id is taken. */
  insert(connector: Connector, key: StoredApiKey | null): Promise<void>;
  /** Replaces a connector's settings; `CONNECTOR.NOT_FOUND` when it does not exist. */
  update(connector: Connector): Promise<void>;
  get(id: string): Promise<Connector | null>;
  /** Every connector, by id. */
  list(): Promise<Connector[]>;
  addKey(key: StoredApiKey): Promise<void>;
  /** Marks a key revoked (idempotent: an already revoked key keeps its first revocation time). */
  revokeKey(connectorId: string, keyId: string, at: string): Promise<StoredApiKey | null>;
  findKey(keyId: string): Promise<StoredApiKey | null>;
  keysOf(connectorId: string): Promise<StoredApiKey[]>;
  close(): Promise<void>;
}
