import { createHmac, randomUUID } from 'node:crypto';

/**
 * Derives ids from the hub secret. Deterministic derivation is what makes retries idempotent
 * (the same tool + external id always maps to the same request stream; the same Idempotency-Key
 * always maps to the same event id), and the secret is what keeps the ids unguessable.
 */
export class RequestIds {
  constructor(private readonly secret: string) {}

  /** Hub id of the request a tool filed under its own external id. */
  forExternalRequest(authority: string, externalId: string): string {
    return this.uuid('request', authority, externalId);
  }

  /** Id of the n-th event recorded by a command sent with an Idempotency-Key. */
  forIdempotentEvent(authority: string, idempotencyKey: string, index: number): string {
    return this.uuid('event', authority, idempotencyKey, String(index));
  }

  /** Pseudonymous subject id of a citizen, stable across requests (key of their personal data). */
  forCitizen(contact: string): string {
    return this.uuid('citizen', contact.trim().toLowerCase());
  }

  /** A fresh random id. */
  random(): string {
    return randomUUID();
  }

  private uuid(...parts: string[]): string {
    const digest = createHmac('sha256', this.secret).update(parts.join('\u001f')).digest();
    // Shape it as an RFC 9562 version 8 (custom) UUID so it validates as a uuid everywhere.
    digest[6] = (digest[6]! & 0x0f) | 0x80;
    digest[8] = (digest[8]! & 0x3f) | 0x80;
    const hex = digest.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
