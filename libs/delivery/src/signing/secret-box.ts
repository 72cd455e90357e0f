import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals signing keys at rest with AES-256-GCM under a key derived from the hub secret: a copy of
 * the database alone (a backup, a read replica) does not give away what signs the webhooks. The
 * hub must keep its secret (it already must: it derives request ids); a lost secret makes the
 * sealed keys unreadable, and new ones must be issued.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(hubSecret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', hubSecret, 'maillage', 'webhook-signing-keys.v1', 32),
    );
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed].map(encode).join('.');
  }

  /** Throws when the text was not sealed under this hub secret or was altered. */
  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) {
      throw new Error('not a sealed webhook key');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
