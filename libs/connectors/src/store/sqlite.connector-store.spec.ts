import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorStoreContract, sampleConnector } from '../testing';
import { SqliteConnectorStore } from './sqlite.connector-store';

describe('SqliteConnectorStore', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-connectors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  connectorStoreContract(() => {
    n += 1;
    return Promise.resolve(new SqliteConnectorStore(join(dir, `c${n}.sqlite`)));
  });

  it('keeps connectors across a reopen of its file', async () => {
    const path = join(dir, 'reopen.sqlite');
    const first = new SqliteConnectorStore(path);
    await first.insert(sampleConnector(), null);
    await first.close();
    const second = new SqliteConnectorStore(path);
    expect(await second.get('gien-grc')).toEqual(sampleConnector());
    await second.close();
  });
});
