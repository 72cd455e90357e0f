import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { keyStoreContract } from '../testing/key-store.contract';
import { SqliteKeyStore } from './sqlite.key-store';

describe('SqliteKeyStore', () => {
  keyStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-keys-'));
    const store = new SqliteKeyStore({ path: join(dir, 'keys.sqlite') });
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it("leaves no copy of a destroyed key's bytes in its files (database and WAL)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-keys-'));
    const store = new SqliteKeyStore({ path: join(dir, 'keys.sqlite') });
    try {
      const wrappedKey = Buffer.from('a-recognisable-wrapped-key-0123456789abcdef-0123456789');
      await store.keysForAppend([
        {
          subjectId: 'subject-1',
          streamId: 'request-a',
          candidate: {
            subjectId: 'subject-1',
            streamId: 'request-a',
            keyId: 'k-1',
            wrappedKey,
            createdAt: 'now',
          },
        },
      ]);
      const files = () =>
        Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
      expect(files().includes(wrappedKey)).toBe(true);
      await store.destroySubjectKeys('subject-1', { erasureId: 'e-1', erasedAt: 'now' });
      expect(files().includes(wrappedKey)).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
