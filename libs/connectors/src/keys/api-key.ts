import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `mlg_<keyId>_<secret>`: the key id (12 base32 characters) finds the stored
 * hash without scanning, the secret (32 random bytes, base64url) is what proves possession. A key
 * holds 256 bits of entropy, so a plain SHA-256 of the secret is enough at rest (no slow hash is
 * needed against guessing, unlike passwords), and it keeps verification fast on every call.
 */
const PREFIX = 'mlg';
const KEY_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_PATTERN = /^mlg_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  readonly keyId: string;
  /** The whole key, shown once to whoever created it. */
  readonly key: string;
  readonly secretHash: string;
}

/** A new random key. */
export function issueApiKey(): IssuedApiKey {
  return apiKeyFromSecret(randomKeyId(), randomBytes(32).toString('base64url'));
}

/** The key made of a given id and secret (demo keys derive both from the hub secret). */
export function apiKeyFromSecret(keyId: string, secret: string): IssuedApiKey {
  const key = `${PREFIX}_${keyId}_${secret}`;
  if (!KEY_PATTERN.test(key)) throw new TypeError('apiKeyFromSecret: malformed key id or secret');
  return { keyId, key, secretHash: hashSecret(secret) };
}

/** Splits a presented key; null when it does not have the shape of a Maillage key. */
export function parseApiKey(key: string): { keyId: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

/** Constant-time check of a presented secret against a stored hash. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = createHash('sha256').update(secret).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 12 characters of base32 (60 bits): unique enough for an index, not a secret. */
export function randomKeyId(source: Buffer = randomBytes(12)): string {
  let id = '';
  for (let i = 0; i < 12; i += 1) id += KEY_ID_ALPHABET[source[i]! % 32];
  return id;
}
