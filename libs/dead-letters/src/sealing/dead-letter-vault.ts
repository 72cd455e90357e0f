import { randomBytes, randomUUID } from 'node:crypto';

import {
  CLOUD_EVENT_HEADERS,
  DEAD_LETTER_HEADERS,
  type DeadLetterSealer,
  type Message,
  type MessageHeaders,
  type OutgoingMessage,
} from '@maillage/messaging';
import { KeyEncryptionKey } from '@maillage/personal-data';

import type { DeadLetterKeyStore } from '../keys/dead-letter-key-store.port';
import {
  type DeadLetterContent,
  type DeadLetterOrigin,
  openDeadLetter,
  parseSealedValue,
  sealDeadLetter,
} from './sealed-dead-letter';

/** The wrapped keys are bound to this pseudo-subject: a data key copied here does not unwrap. */
const WRAP_SUBJECT = 'maillage.dead-letter';
const CLOUD_EVENT_NAMES: ReadonlySet<string> = new Set(Object.values(CLOUD_EVENT_HEADERS));

/** A dead letter as read back: sealed, opened, or its key gone. */
export type OpenedDeadLetter =
  | { readonly sealing: 'clear'; readonly content: DeadLetterContent }
  | { readonly sealing: 'sealed'; readonly keyId: string; readonly content: DeadLetterContent }
  | { readonly sealing: 'erased'; readonly keyId: string; readonly erasedAt: string }
  | { readonly sealing: 'key-unknown'; readonly keyId: string };

/**
 * Seals dead letters under a fresh AES-256 key each, wrapped under the hub's key-encryption key
 * in the dead-letter key store, and opens them again while the key lives. Destroying the key (an
 * erasure, or its expiry with the topic's retention) leaves the record in Kafka unreadable.
 */
export class DeadLetterVault implements DeadLetterSealer {
  private readonly kek: KeyEncryptionKey;

  constructor(
    private readonly store: DeadLetterKeyStore,
    hubSecret: string,
    private readonly dlqTopic: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.kek = KeyEncryptionKey.fromHubSecret(hubSecret);
  }

  async seal(original: Message, letter: OutgoingMessage): Promise<OutgoingMessage> {
    const keyId = randomUUID();
    const key = randomBytes(32);
    const origin = originOf(letter.headers);
    // Stored before the letter is published: a sealed letter whose key was lost opens never.
    await this.store.save({
      keyId,
      wrappedKey: this.kek.wrap(WRAP_SUBJECT, keyId, key),
      createdAt: this.now().toISOString(),
      dlqTopic: this.dlqTopic,
      consumer: origin.consumer,
      sourceTopic: origin.sourceTopic,
      sourcePartition: origin.sourcePartition === '' ? null : Number(origin.sourcePartition),
      sourceOffset: origin.sourceOffset === '' ? null : origin.sourceOffset,
    });
    const sealed = sealDeadLetter(
      { headers: carried(original.headers), value: original.value },
      origin,
      {
        keyId,
        key,
      },
    );
    return {
      key: letter.key,
      headers: {
        ...letter.headers,
        [DEAD_LETTER_HEADERS.keyId]: keyId,
        [DEAD_LETTER_HEADERS.algorithm]: sealed.alg,
      },
      value: Buffer.from(JSON.stringify(sealed), 'utf8'),
    };
  }

  /** Opens a dead letter read from the topic (a clear one as it is). */
  async open(letter: Message): Promise<OpenedDeadLetter> {
    const keyId = letter.headers[DEAD_LETTER_HEADERS.keyId];
    if (keyId === undefined)
      return { sealing: 'clear', content: { headers: {}, value: letter.value } };
    const sealed = parseSealedValue(letter.value);
    const [stored] = await this.store.find([keyId]);
    if (!stored || !sealed || sealed.kid !== keyId) {
      const [tombstone] = await this.store.tombstones([keyId]);
      return tombstone
        ? { sealing: 'erased', keyId, erasedAt: tombstone.destroyedAt }
        : { sealing: 'key-unknown', keyId };
    }
    const key = this.kek.unwrap(WRAP_SUBJECT, keyId, stored.wrappedKey);
    return {
      sealing: 'sealed',
      keyId,
      content: openDeadLetter(sealed, originOf(letter.headers), key),
    };
  }

  /** Destroys these keys for an erasure; how many went. */
  destroy(keyIds: readonly string[], erasureId: string): Promise<number> {
    return this.store.destroy(keyIds, { erasureId, destroyedAt: this.now().toISOString() });
  }

  /** The ids of every live key. */
  async liveKeyIds(): Promise<Set<string>> {
    return new Set((await this.store.live()).map((key) => key.keyId));
  }

  /** Deletes the keys older than `retentionMs`: their letters left the topic with them. */
  expire(retentionMs: number): Promise<number> {
    return this.store.expire(new Date(this.now().getTime() - retentionMs).toISOString());
  }
}

/** The headers of the original a dead letter carries inside its ciphertext: all but CloudEvents'. */
function carried(headers: MessageHeaders): MessageHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CLOUD_EVENT_NAMES.has(name)),
  );
}

function originOf(headers: MessageHeaders): DeadLetterOrigin {
  const h = DEAD_LETTER_HEADERS;
  return {
    consumer: headers[h.consumer] ?? '',
    sourceTopic: headers[h.sourceTopic] ?? '',
    sourcePartition: headers[h.sourcePartition] ?? '',
    sourceOffset: headers[h.sourceOffset] ?? '',
  };
}
