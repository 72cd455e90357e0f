import { createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';

/**
 * The receiver's side of Standard Webhooks, for back offices written in Node (and as the
 * reference the README describes for others): a message is accepted when its timestamp is within
 * the tolerance and one of its signatures verifies with one of the receiver's keys — both keys
 * during a rotation, then only the new one once the old is dropped from `keys`.
 */
export type WebhookVerificationKey =
  /** The `whsec_…` secret the hub issued (HMAC-SHA256, `v1,` signatures). */
  | { readonly scheme: 'hmac-sha256'; readonly secret: string }
  /** The `whpk_…` public key the hub answered (Ed25519, `v1a,` signatures). */
  | { readonly scheme: 'ed25519'; readonly publicKey: string };

export type WebhookVerdict =
  | { readonly ok: true; readonly webhookId: string; readonly timestamp: number }
  | {
      readonly ok: false;
      readonly reason: 'missing-headers' | 'stale-timestamp' | 'bad-signature';
    };

export interface WebhookVerifyOptions {
  /** Largest distance between `webhook-timestamp` and now (default 300 s, as the spec suggests). */
  readonly toleranceSeconds?: number;
  /** Unix milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

export function verifyWebhook(
  headers: Headers,
  body: string,
  keys: readonly WebhookVerificationKey[],
  options: WebhookVerifyOptions = {},
): WebhookVerdict {
  const id = single(headers, 'webhook-id');
  const timestampText = single(headers, 'webhook-timestamp');
  const signatures = single(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures || !/^\d{1,12}$/.test(timestampText)) {
    return { ok: false, reason: 'missing-headers' };
  }
  const timestamp = Number(timestampText);
  const now = (options.now ?? Date.now)() / 1000;
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  const signed = Buffer.from(`${id}.${timestampText}.${body}`, 'utf8');
  const presented = signatures.split(' ').map((signature) => {
    const comma = signature.indexOf(',');
    return {
      version: signature.slice(0, comma),
      value: Buffer.from(signature.slice(comma + 1), 'base64'),
    };
  });
  for (const key of keys) {
    for (const { version, value } of presented) {
      if (key.scheme === 'hmac-sha256' && version === 'v1') {
        const secret = Buffer.from(key.secret.replace(/^whsec_/, ''), 'base64');
        const expected = createHmac('sha256', secret).update(signed).digest();
        if (value.length === expected.length && timingSafeEqual(value, expected)) {
          return { ok: true, webhookId: id, timestamp };
        }
      }
      if (key.scheme === 'ed25519' && version === 'v1a') {
        if (verify(null, signed, ed25519PublicKey(key.publicKey), value)) {
          return { ok: true, webhookId: id, timestamp };
        }
      }
    }
  }
  return { ok: false, reason: 'bad-signature' };
}

/**
 * What a receiver keeps to apply each message once: the hub sends a message again (a retry, a
 * replay, a redelivery after a crash) with the same `webhook-id`, and `firstTime` answers false
 * for it. Bounded: the oldest ids are forgotten past `capacity` (a retry comes within hours, not
 * after millions of messages); a real receiver would keep them with what it applied.
 */
export class AppliedWebhooks {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  /** True the first time an id is seen (apply it), false after (answer 2xx and drop it). */
  firstTime(webhookId: string): boolean {
    if (this.seen.has(webhookId)) return false;
    this.seen.add(webhookId);
    if (this.seen.size > this.capacity) {
      this.seen.delete(this.seen.values().next().value!);
    }
    return true;
  }
}

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

function ed25519PublicKey(whpk: string): KeyObject {
  const raw = Buffer.from(whpk.replace(/^whpk_/, ''), 'base64');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}
