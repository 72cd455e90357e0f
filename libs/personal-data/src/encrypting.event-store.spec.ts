import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import {
  computeEventHash,
  type EventToAppend,
  type JsonObject,
  type RecordedEvent,
  SqliteEventStore,
} from '@maillage/event-store';

import { ERASED } from './crypto/erased-personal';
import { KeyEncryptionKey } from './crypto/key-encryption-key';
import { isSealedPersonal, sealPersonal } from './crypto/sealed-personal';
import { DataKeys } from './data-keys';
import { EncryptingEventStore } from './encrypting.event-store';
import { SqliteKeyStore } from './key-store/sqlite.key-store';
import { PersonalDataError } from './personal-data.error';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const CAMILLE = {
  subjectId: 'subject-1',
  name: 'Camille Martin',
  email: 'camille.martin@example.org',
  phone: '+33 6 12 34 56 78',
};

function filing(
  personal: JsonObject | null,
  description = 'Nid-de-poule sur la RD 940',
): EventToAppend {
  return {
    eventId: randomUUID(),
    type: 'RequestFiled',
    data: { description, category: 'roads.departmental' },
    personal,
    metadata: { schemaVersion: 1 },
  };
}

describe('EncryptingEventStore (SQLite events, SQLite keys)', () => {
  let dir: string;
  let raw: SqliteEventStore;
  let keys: DataKeys;
  let store: EncryptingEventStore;

  const open = async (secret = SECRET): Promise<void> => {
    raw = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    keys = await DataKeys.open(new SqliteKeyStore({ path: join(dir, 'keys.sqlite') }), secret);
    store = new EncryptingEventStore(raw, keys);
  };
  const erase = (subjectId: string) =>
    keys.destroySubject(subjectId, {
      erasureId: randomUUID(),
      erasedAt: new Date().toISOString(),
    });
  const bytesOf = (name: string) => readFileSync(join(dir, name));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-encrypting-'));
    await open();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the personal part sealed, subject id in clear, and reads it back opened', async () => {
    const appended = await store.appendToStream('request-1', [filing(CAMILLE)], {
      expectedRevision: 'no_stream',
    });
    expect(appended.events[0]!.personal).toEqual(CAMILLE);
    expect(await store.readStream('request-1')).toEqual(appended.events);

    const [stored] = await raw.readStream('request-1');
    expect(stored!.personal).toEqual({
      subjectId: 'subject-1',
      alg: 'A256GCM',
      kid: expect.any(String),
      iv: expect.any(String),
      ciphertext: expect.any(String),
      tag: expect.any(String),
    });
    expect(JSON.stringify(stored)).not.toMatch(/Camille|camille|12 34 56 78/);
    // The chain covers what is stored: the sealed part.
    expect(computeEventHash(stored!)).toBe(stored!.hash);
    expect(appended.events[0]!.hash).toBe(stored!.hash);
  });

  it('keeps events without personal data, and every other field, exactly as they are', async () => {
    const events = [filing(null), filing(CAMILLE)];
    await store.appendToStream('request-1', events, { expectedRevision: 'no_stream' });
    const [plain, sealed] = await raw.readStream('request-1');
    expect(plain!.personal).toBeNull();
    expect(sealed!.data).toEqual(events[1]!.data);
    expect(sealed!.metadata).toEqual(events[1]!.metadata);
  });

  it('writes no personal data to the events file: a backup of it alone reveals nothing', async () => {
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    await store.close();
    const events = Buffer.concat(
      readdirSync(dir)
        .filter((name) => name.startsWith('events.sqlite'))
        .map((name) => bytesOf(name)),
    );
    expect(events.length).toBeGreaterThan(0);
    for (const value of [CAMILLE.name, CAMILLE.email, CAMILLE.phone]) {
      expect(events.includes(Buffer.from(value))).toBe(false);
    }
    await open();
  });

  it('reads an erased citizen as [effacé], subject id and the rest of the event intact', async () => {
    const other = { subjectId: 'subject-alex', name: 'Alex Bernard' };
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    await store.appendToStream('request-2', [filing(other)], { expectedRevision: 'no_stream' });
    const before = await raw.readAll();

    expect(await erase('subject-1')).not.toBeNull();

    const [erased] = await store.readStream('request-1');
    expect(erased!.personal).toEqual({
      subjectId: 'subject-1',
      name: ERASED,
      email: ERASED,
      phone: ERASED,
      address: ERASED,
    });
    expect(erased!.data).toEqual({
      description: 'Nid-de-poule sur la RD 940',
      category: 'roads.departmental',
    });
    expect((await store.readStream('request-2'))[0]!.personal).toEqual(other);
    // History was not rewritten: the stored events, and their hashes, are the same bytes.
    expect(await raw.readAll()).toEqual(before);
    for (const event of before) expect(computeEventHash(event)).toBe(event.hash);
  });

  it('gives a citizen who files again after an erasure a new key; the old data stays unreadable', async () => {
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    await erase('subject-1');
    await store.appendToStream('request-2', [filing(CAMILLE)], { expectedRevision: 'no_stream' });

    const [old] = await raw.readStream('request-1');
    const [recent] = await raw.readStream('request-2');
    expect(recent!.personal!['kid']).not.toBe(old!.personal!['kid']);
    expect((await store.readStream('request-1'))[0]!.personal!['name']).toBe(ERASED);
    expect((await store.readStream('request-2'))[0]!.personal).toEqual(CAMILLE);
    expect((await keys.streamsOf('subject-1')).sort()).toEqual(['request-1', 'request-2']);
  });

  it('opens the personal parts in a subscription, and reads erased ones as erased', async () => {
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    await store.appendToStream('request-2', [filing({ subjectId: 'subject-alex', name: 'Alex' })], {
      expectedRevision: 'no_stream',
    });
    await erase('subject-alex');
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll(async (event) => {
      seen.push(event);
    });
    while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    expect(seen.map((event) => event.personal?.['name'])).toEqual(['Camille Martin', ERASED]);
  });

  it('shares one key per citizen and request across concurrent appends (group commit)', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        store.appendToStream(
          `request-${index % 8}`,
          [filing({ subjectId: `subject-${index % 4}`, name: `Citoyen ${index % 4}` })],
          { expectedRevision: 'any' },
        ),
      ),
    );
    const kids = new Map<string, Set<unknown>>();
    for (const event of await raw.readAll()) {
      const scope = `${event.personal!['subjectId'] as string} ${event.streamId}`;
      kids.set(scope, (kids.get(scope) ?? new Set()).add(event.personal!['kid']));
    }
    expect([...kids.values()].map((set) => set.size)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(new Set([...kids.values()].flatMap((set) => [...set])).size).toBe(8);
    const opened = await store.readAll();
    // subject-<n> filed as Citoyen <n>: every part opened with its own key.
    expect(opened.map((event) => [event.personal!['subjectId'], event.personal!['name']])).toEqual(
      opened.map((event) => {
        const subject = event.personal!['subjectId'] as string;
        return [subject, `Citoyen ${subject.slice('subject-'.length)}`];
      }),
    );
  });

  it("disposes of one request's keys: that request reads [effacé], the citizen's other stays", async () => {
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    await store.appendToStream('request-2', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    const destruction = { erasureId: randomUUID(), erasedAt: new Date().toISOString() };
    const scope = { subjectId: 'subject-1', streamId: 'request-1' };

    expect(await keys.destroyScoped([scope], destruction)).toHaveLength(1);
    expect(await keys.destroyScoped([scope], destruction)).toEqual([]);

    expect((await store.readStream('request-1'))[0]!.personal!['name']).toBe(ERASED);
    expect((await store.readStream('request-2'))[0]!.personal).toEqual(CAMILLE);
    expect((await keys.liveKeys('subject-1')).map((key) => key.streamId)).toEqual(['request-2']);
    // An erasure still takes what is left.
    expect(await erase('subject-1')).toHaveLength(1);
    expect((await store.readStream('request-2'))[0]!.personal!['name']).toBe(ERASED);
  });

  it('still opens what a subject key (made before keys were per request) sealed; erasure destroys it', async () => {
    const legacy = { keyId: randomUUID(), key: randomBytes(32) };
    const kek = KeyEncryptionKey.fromHubSecret(SECRET);
    const db = new Database(join(dir, 'keys.sqlite'));
    db.prepare(
      'INSERT INTO data_keys (subject_id, key_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)',
    ).run('subject-1', legacy.keyId, kek.wrap('subject-1', legacy.keyId, legacy.key), 'x');
    db.close();
    const event = filing(null);
    const sealed = sealPersonal(CAMILLE, 'subject-1', event.eventId, legacy);
    await raw.appendToStream(
      'request-1',
      [{ ...event, personal: sealed as unknown as JsonObject }],
      {
        expectedRevision: 'no_stream',
      },
    );
    await store.appendToStream('request-2', [filing(CAMILLE)], { expectedRevision: 'no_stream' });

    expect((await store.readStream('request-1'))[0]!.personal).toEqual(CAMILLE);
    // Disposing of request-1's own keys cannot reach the subject key.
    await keys.destroyScoped([{ subjectId: 'subject-1', streamId: 'request-1' }], {
      erasureId: randomUUID(),
      erasedAt: new Date().toISOString(),
    });
    expect((await store.readStream('request-1'))[0]!.personal).toEqual(CAMILLE);

    expect(await erase('subject-1')).toHaveLength(2);
    expect((await store.readStream('request-1'))[0]!.personal!['name']).toBe(ERASED);
    expect((await store.readStream('request-2'))[0]!.personal!['name']).toBe(ERASED);
  });

  it('refuses to start under another hub secret rather than show everyone as erased', async () => {
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    await store.close();
    const keyStore = new SqliteKeyStore({ path: join(dir, 'keys.sqlite') });
    await expect(
      DataKeys.open(keyStore, 'another-secret-another-secret-another-1'),
    ).rejects.toMatchObject({ code: 'PERSONAL_DATA.KEY_MISMATCH' });
    await keyStore.close();
    await open();
    expect((await store.readStream('request-1'))[0]!.personal).toEqual(CAMILLE);
  });

  it('fails loudly on a ciphertext its live key does not open (altered), never reads it as erased', async () => {
    await store.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' });
    const [stored] = await raw.readStream('request-1');
    const sealed = stored!.personal!;
    // The same sealed part under another event id: its additional data no longer matches.
    await raw.appendToStream('request-1', [filing(sealed)], { expectedRevision: 0 });
    expect(isSealedPersonal((await raw.readStream('request-1'))[1]!.personal)).toBe(true);
    await expect(store.readStream('request-1')).rejects.toBeInstanceOf(PersonalDataError);
    await expect(store.readStream('request-1')).rejects.toMatchObject({
      code: 'PERSONAL_DATA.UNREADABLE',
    });
  });

  it('answers STORE.UNAVAILABLE, and appends nothing, when the key store fails', async () => {
    const keyStore = new SqliteKeyStore({ path: join(dir, 'keys.sqlite') });
    const broken = new EncryptingEventStore(raw, await DataKeys.open(keyStore, SECRET));
    await keyStore.close();
    await expect(
      broken.appendToStream('request-1', [filing(CAMILLE)], { expectedRevision: 'no_stream' }),
    ).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE', retriable: true });
    expect(await raw.readAll()).toEqual([]);
  });

  it('refuses a personal part without a subject id to key it by', async () => {
    await expect(
      store.appendToStream('request-1', [filing({ name: 'Camille Martin' })], {
        expectedRevision: 'no_stream',
      }),
    ).rejects.toMatchObject({ code: 'PERSONAL_DATA.INVALID' });
    expect(await raw.readAll()).toEqual([]);
  });
});
