import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

import { PersonalDataError } from '../personal-data.error';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Length of a data key (AES-256) and of the key-encryption key. */
export const KEY_BYTES = 32;

/**
 * The key-encryption key (KEK) that wraps every citizen's data key in the key store, derived
 * from the hub secret with HKDF-SHA256. A copy of the key store alone is therefore not enough to
 * read anything: it also takes the hub secret, which is never stored in a database. Changing the
 * hub secret makes every wrapped key unreadable — `fingerprint` lets the key store refuse to
 * start under another secret rather than show every citizen as erased.
 */
export class KeyEncryptionKey {
  private constructor(private readonly kek: Buffer) {}

  static fromHubSecret(hubSecret: string): KeyEncryptionKey {
    const derived = hkdfSync(
      'sha256',
      Buffer.from(hubSecret, 'utf8'),
      Buffer.from('maillage.personal-data', 'utf8'),
      Buffer.from('key-encryption-key.v1', 'utf8'),
      KEY_BYTES,
    );
    return new KeyEncryptionKey(Buffer.from(derived));
  }

  /** A public, one-way fingerprint of this KEK (HMAC of a constant): safe to store beside the keys. */
  get fingerprint(): string {
    return createHmac('sha256', this.kek).update('maillage.kek.fingerprint.v1').digest('hex');
  }

  /**
   * AES-256-GCM of a data key, bound to its subject and key id (a wrapped key copied to another
   * subject does not open): `iv (12) | tag (16) | ciphertext (32)`.
   */
  wrap(subjectId: string, keyId: string, dataKey: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(wrapContext(subjectId, keyId));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  /** @throws PersonalDataError `PERSONAL_DATA.KEY_MISMATCH` when the KEK or the bytes differ. */
  unwrap(subjectId: string, keyId: string, wrapped: Buffer): Buffer {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.kek, wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(wrapContext(subjectId, keyId));
      decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (error) {
      throw new PersonalDataError(
        'PERSONAL_DATA.KEY_MISMATCH',
        `data key ${keyId} of subject ${subjectId} does not unwrap: the key store was sealed under another hub secret, or altered`,
        { cause: error },
      );
    }
  }
}

function wrapContext(subjectId: string, keyId: string): Buffer {
  return Buffer.from(`maillage.data-key.v1\u001f${subjectId}\u001f${keyId}`, 'utf8');
}
