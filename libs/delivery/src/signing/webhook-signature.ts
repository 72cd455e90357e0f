import { createHmac, sign } from 'node:crypto';
import type { SigningKey } from './webhook-keys';

/** What Standard Webhooks signs: `{webhook-id}.{webhook-timestamp}.{body}`, the body as sent. */
export interface SignedContent {
  readonly id: string;
  /** Unix seconds, also sent as `webhook-timestamp`. */
  readonly timestamp: number;
  readonly body: string;
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` or `v1a,<base64 Ed25519>` per
 * key, space-separated, so that during a rotation a receiver holding either key can verify.
 */
export function webhookSignature(content: SignedContent, keys: readonly SigningKey[]): string {
  const signed = Buffer.from(`${content.id}.${content.timestamp}.${content.body}`, 'utf8');
  return keys
    .map((key) =>
      key.scheme === 'hmac-sha256'
        ? `v1,${createHmac('sha256', key.secret).update(signed).digest('base64')}`
        : `v1a,${sign(null, signed, key.privateKey).toString('base64')}`,
    )
    .join(' ');
}
