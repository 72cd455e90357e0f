import { deadLetterMessage, type Message } from '@maillage/messaging';

import type { DeadLetterKeyStore } from '../keys/dead-letter-key-store.port';
import { DeadLetterVault } from '../sealing/dead-letter-vault';

const SECRET = 'dead-letter-vault-spec-secret-0123456789abcdef';

const filing: Message = {
  topic: 'maillage.in.gien.v1',
  key: 'GIEN-1',
  headers: { ce_id: 'gien-1', maillage_kind: 'filing', maillage_reference: 'GIEN-1' },
  value: Buffer.from(JSON.stringify({ demandeur: { nom: 'Alex Exemple' } })),
  partition: 2,
  offset: '17',
};
const failure = { code: 'CONNECTOR.PAYLOAD_INVALID', reason: 'objet: required', attempts: 1 };

/**
 * What a dead-letter key store must do for the vault, run against each adapter: SQLite in
 * `dead-letter-vault.spec.ts`, PostgreSQL in `postgres.dead-letter-key-store.int-spec.ts`.
 */
export function deadLetterVaultContract(
  open: () => Promise<{ store: DeadLetterKeyStore; dispose: () => Promise<void> }>,
): void {
  let store: DeadLetterKeyStore;
  let dispose: () => Promise<void>;
  let vault: DeadLetterVault;
  beforeEach(async () => {
    ({ store, dispose } = await open());
    vault = new DeadLetterVault(store, SECRET, 'maillage.dlq.v1');
  });
  afterEach(() => dispose());

  const sealedLetter = async (): Promise<Message> => {
    const letter = await vault.seal(
      filing,
      deadLetterMessage(filing, failure, 'gateway', new Date()),
    );
    return { ...letter, topic: 'maillage.dlq.v1', partition: 0, offset: '5' };
  };

  it('given a dead letter, when sealed, then nothing of the value nor the tool headers is in clear', async () => {
    const letter = await sealedLetter();
    const bytes = JSON.stringify(letter.headers) + letter.value!.toString('utf8');
    expect(bytes).not.toContain('Alex Exemple');
    expect(bytes).not.toContain('demandeur');
    expect(letter.headers).not.toHaveProperty('maillage_kind');
    expect(letter.headers).toMatchObject({
      ce_id: 'gien-1',
      maillage_dlq_alg: 'A256GCM',
      maillage_dlq_error_code: 'CONNECTOR.PAYLOAD_INVALID',
      maillage_dlq_source_offset: '17',
    });
    expect(letter.key).toBe('GIEN-1');
  });

  it('given a sealed letter, when opened, then the value and the carried headers come back', async () => {
    const opened = await vault.open(await sealedLetter());
    expect(opened.sealing).toBe('sealed');
    if (opened.sealing !== 'sealed') return;
    expect(opened.content.value!.equals(filing.value!)).toBe(true);
    expect(opened.content.headers).toEqual({
      maillage_kind: 'filing',
      maillage_reference: 'GIEN-1',
    });
  });

  it('given its key destroyed, when opened, then it reads erased; moved metadata does not open', async () => {
    const letter = await sealedLetter();
    const moved = {
      ...letter,
      headers: { ...letter.headers, maillage_dlq_source_offset: '18' },
    };
    await expect(vault.open(moved)).rejects.toMatchObject({ code: 'DEAD_LETTER.UNREADABLE' });
    await vault.destroy([letter.headers['maillage_dlq_kid']!], 'erasure-1');
    expect(await vault.open(letter)).toMatchObject({ sealing: 'erased' });
  });

  it('given keys past the retention, when expired, then they go and their letters are unknown', async () => {
    const letter = await sealedLetter();
    expect(await vault.expire(60_000)).toBe(0);
    expect(await vault.expire(-1)).toBe(1);
    expect(await vault.open(letter)).toMatchObject({ sealing: 'key-unknown' });
  });

  it('given another hub secret, then the key does not unwrap', async () => {
    const letter = await sealedLetter();
    const other = new DeadLetterVault(store, `${SECRET}-other`, 'maillage.dlq.v1');
    await expect(other.open(letter)).rejects.toMatchObject({ code: 'PERSONAL_DATA.KEY_MISMATCH' });
  });
}
