import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { MessageHeaders } from '@maillage/messaging';

import { DeadLettersError } from '../dead-letters.error';

const IV_BYTES = 12;

/** What a sealed dead letter's value is: JSON, every binary field in base64. */
export interface SealedDeadLetterValue {
  readonly alg: 'A256GCM';
  readonly kid: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** What the ciphertext holds: the original value and the headers that may carry anything. */
export interface DeadLetterContent {
  readonly headers: MessageHeaders;
  /** The original value; null for a tombstone. */
  readonly value: Buffer | null;
}

/** Where the sealed letter comes from: bound into the ciphertext as additional data. */
export interface DeadLetterOrigin {
  readonly consumer: string;
  readonly sourceTopic: string;
  readonly sourcePartition: string;
  readonly sourceOffset: string;
}

/**
 * AES-256-GCM of a dead letter's content under its own key. The key id and the origin are the
 * additional data: a ciphertext moved onto another dead letter's metadata does not open.
 */
export function sealDeadLetter(
  content: DeadLetterContent,
  origin: DeadLetterOrigin,
  key: { readonly keyId: string; readonly key: Buffer },
): SealedDeadLetterValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(sealContext(key.keyId, origin));
  const clear = JSON.stringify({
    headers: content.headers,
    value: content.value === null ? null : content.value.toString('base64'),
  });
  const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    kid: key.keyId,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** @throws DeadLettersError `DEAD_LETTER.UNREADABLE` when the key does not open it (altered). */
export function openDeadLetter(
  sealed: SealedDeadLetterValue,
  origin: DeadLetterOrigin,
  key: Buffer,
): DeadLetterContent {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(sealContext(sealed.kid, origin));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
    const parsed = JSON.parse(clear) as { headers: MessageHeaders; value: string | null };
    return {
      headers: parsed.headers,
      value: parsed.value === null ? null : Buffer.from(parsed.value, 'base64'),
    };
  } catch (error) {
    throw new DeadLettersError(
      'DEAD_LETTER.UNREADABLE',
      `dead letter sealed under key ${sealed.kid} does not open: it, or its metadata, was altered`,
      { cause: error },
    );
  }
}

/** The sealed value of a dead letter, or null when it is not one. */
export function parseSealedValue(value: Buffer | null): SealedDeadLetterValue | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<SealedDeadLetterValue>;
    const fields = [parsed.kid, parsed.iv, parsed.ciphertext, parsed.tag];
    return parsed.alg === 'A256GCM' && fields.every((field) => typeof field === 'string')
      ? (parsed as SealedDeadLetterValue)
      : null;
  } catch {
    return null;
  }
}

function sealContext(keyId: string, origin: DeadLetterOrigin): Buffer {
  return Buffer.from(
    [
      'maillage.dead-letter.v1',
      keyId,
      origin.consumer,
      origin.sourceTopic,
      origin.sourcePartition,
      origin.sourceOffset,
    ].join('\u001f'),
    'utf8',
  );
}
