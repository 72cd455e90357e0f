import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { canonicalJson, type JsonObject } from '@maillage/event-store';

import { PersonalDataError } from '../personal-data.error';

const IV_BYTES = 12;

/**
 * A personal part as the store holds it: the citizen's fields encrypted with AES-256-GCM under
 * their data key `kid`, all binary values in base64. `subjectId` stays in clear: it is a
 * pseudonym (an HMAC of the contact under the hub secret), and it is what erasure looks for.
 */
export interface SealedPersonal {
  readonly subjectId: string;
  readonly alg: 'A256GCM';
  /** Id of the data key; a citizen who files again after an erasure gets a key of another id. */
  readonly kid: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** Whether a stored personal part is sealed (as opposed to clear, or `null`). */
export function isSealedPersonal(personal: JsonObject | null): boolean {
  return (
    personal !== null &&
    personal['alg'] === 'A256GCM' &&
    typeof personal['subjectId'] === 'string' &&
    typeof personal['kid'] === 'string' &&
    typeof personal['iv'] === 'string' &&
    typeof personal['ciphertext'] === 'string' &&
    typeof personal['tag'] === 'string'
  );
}

/**
 * Encrypts every field but `subjectId` (as canonical JSON). The additional data binds the
 * ciphertext to its subject, key and event: moved to another event, it no longer opens.
 */
export function sealPersonal(
  personal: JsonObject,
  subjectId: string,
  eventId: string,
  key: { readonly keyId: string; readonly key: Buffer },
): SealedPersonal {
  const { subjectId: _clear, ...fields } = personal;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(sealContext(subjectId, key.keyId, eventId));
  const ciphertext = Buffer.concat([cipher.update(canonicalJson(fields), 'utf8'), cipher.final()]);
  return {
    subjectId,
    alg: 'A256GCM',
    kid: key.keyId,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/**
 * The clear personal part of a sealed one, `subjectId` first.
 * @throws PersonalDataError `PERSONAL_DATA.UNREADABLE` when the key does not open it: the
 *   ciphertext, its event or the key were altered (a destroyed key never gets here).
 */
export function openPersonal(sealed: SealedPersonal, eventId: string, key: Buffer): JsonObject {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(sealContext(sealed.subjectId, sealed.kid, eventId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
    return { subjectId: sealed.subjectId, ...(JSON.parse(clear) as JsonObject) };
  } catch (error) {
    throw new PersonalDataError(
      'PERSONAL_DATA.UNREADABLE',
      `the personal part of event ${eventId} does not open with key ${sealed.kid}: altered`,
      { cause: error },
    );
  }
}

function sealContext(subjectId: string, keyId: string, eventId: string): Buffer {
  return Buffer.from(
    `maillage.personal.v1\u001f${subjectId}\u001f${keyId}\u001f${eventId}`,
    'utf8',
  );
}
