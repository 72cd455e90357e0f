import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The hub's Ed25519 key that signs audit checkpoints. The private key never leaves its file; the
 * public key (SPKI PEM) is what auditors keep and verify with.
 */
export class AuditSigningKey {
  /** First 16 hex digits of the SHA-256 of the public key (DER): names the key in checkpoints. */
  readonly keyId: string;
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = publicKeyId(publicKey);
  }

  /**
   * Reads the PKCS#8 PEM key in `file`, or creates it (mode 0600, directory included) when the
   * file does not exist. Throws when the file holds something else than an Ed25519 private key.
   */
  static loadOrCreate(file: string): AuditSigningKey {
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(dirname(file), { recursive: true });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      try {
        writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process created it between the check and the write: theirs wins.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return AuditSigningKey.fromPem(readFileSync(file, 'utf8'));
  }

  static fromPem(pem: string): AuditSigningKey {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new TypeError(
        `audit signing key: expected an Ed25519 key, got ${key.asymmetricKeyType}`,
      );
    }
    return new AuditSigningKey(key);
  }

  /** Ed25519 signature (64 bytes) of `message`. */
  sign(message: Buffer): Buffer {
    return sign(null, message, this.privateKey);
  }
}

/** Key id of an Ed25519 public key given as a KeyObject or SPKI PEM (see `AuditSigningKey.keyId`). */
export function publicKeyId(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Whether `signature` is a valid Ed25519 signature of `message` by the key in `publicKeyPem`. */
export function verifyEd25519(publicKeyPem: string, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
