import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { WebhookSignatureScheme } from '@maillage/connectors';

/**
 * A signing key of Standard Webhooks, in its portable text form:
 * - `whsec_<base64>`: the symmetric secret (32 random bytes), for HMAC-SHA256 (`v1,` signatures);
 * - `whsk_<base64>`: an Ed25519 private key (`v1a,` signatures), as the 64 bytes seed ‖ public key
 *   (libsodium's layout), whose receiver verifies with `whpk_<base64>` (the 32-byte public key).
 */
export type SigningKey =
  | { readonly scheme: 'hmac-sha256'; readonly secret: Buffer }
  | { readonly scheme: 'ed25519'; readonly privateKey: KeyObject; readonly publicKey: string };

/** A fresh key: its text form (to keep, sealed) and, for Ed25519, the public key to hand out. */
export function generateSigningKey(scheme: WebhookSignatureScheme): {
  readonly encoded: string;
  readonly publicKey: string | null;
} {
  if (scheme === 'hmac-sha256') {
    return { encoded: `whsec_${randomBytes(32).toString('base64')}`, publicKey: null };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  return {
    encoded: `whsk_${Buffer.concat([seed, pub]).toString('base64')}`,
    publicKey: `whpk_${pub.toString('base64')}`,
  };
}

/** Reads a key's text form; throws on anything else (a corrupt store must not sign garbage). */
export function parseSigningKey(encoded: string): SigningKey {
  if (encoded.startsWith('whsec_')) {
    const secret = Buffer.from(encoded.slice('whsec_'.length), 'base64');
    if (secret.length < 24 || secret.length > 64)
      throw new Error('whsec_: expected 24 to 64 bytes');
    return { scheme: 'hmac-sha256', secret };
  }
  if (encoded.startsWith('whsk_')) {
    const raw = Buffer.from(encoded.slice('whsk_'.length), 'base64');
    if (raw.length !== 32 && raw.length !== 64) throw new Error('whsk_: expected 32 or 64 bytes');
    const seed = raw.subarray(0, 32);
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    return { scheme: 'ed25519', privateKey, publicKey: publicKeyOf(privateKey) };
  }
  throw new Error('expected a whsec_ or whsk_ key');
}

/** PKCS#8 DER of an Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** `whpk_<base64>` of an Ed25519 private key. */
function publicKeyOf(privateKey: KeyObject): string {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return `whpk_${Buffer.from(jwk.x!, 'base64url').toString('base64')}`;
}
