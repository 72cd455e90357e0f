import type { Connector } from '@maillage/connectors';
import type { WebhookSecrets } from '../secrets/webhook-secrets';
import { webhookSignature } from '../signing/webhook-signature';
import { retryAfterMs } from './retry-policy';
import { Semaphore } from './semaphore';
import type { WebhookMessage } from './webhook-message';

/** How one attempt ended. */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  /** `410 Gone`: the receiver wants no more; its webhook is disabled. */
  | { readonly kind: 'gone'; readonly status: 410; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: string; readonly retryAfterMs: number | null }
  /** The sender is stopping (shutdown): nothing is concluded about the receiver. */
  | { readonly kind: 'stopped' };

export interface WebhookSenderOptions {
  /** Time allowed to one attempt, until the response headers (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Requests in flight at most, all connectors together (default 32). */
  readonly concurrency?: number;
  readonly now?: () => number;
}

/**
 * One signed POST of a message to a connector's endpoint (Standard Webhooks). Redirects are not
 * followed — a 3xx is a failure, so a receiver cannot bounce the hub to another host — and each
 * attempt has its own timeout. Only the body, the id and the timestamp are signed.
 */
export class WebhookSender {
  private readonly timeoutMs: number;
  private readonly slots: Semaphore;
  private readonly now: () => number;

  constructor(
    private readonly secrets: WebhookSecrets,
    options: WebhookSenderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.slots = new Semaphore(options.concurrency ?? 32);
    this.now = options.now ?? Date.now;
  }

  async send(
    connector: Connector,
    message: WebhookMessage,
    stop?: AbortSignal,
  ): Promise<AttemptOutcome> {
    const webhook = connector.delivery.webhook;
    if (!webhook) return { kind: 'failed', error: 'no webhook URL', retryAfterMs: null };
    const keys = await this.secrets.signingKeys(connector);
    if (keys.length === 0)
      return { kind: 'failed', error: 'no signing secret', retryAfterMs: null };
    return this.slots.use(async () => {
      if (stop?.aborted) return { kind: 'stopped' } as const;
      // Signed when sent, not when first tried: receivers check the timestamp against a window.
      const timestamp = Math.floor(this.now() / 1000);
      const timeout = AbortSignal.timeout(this.timeoutMs);
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          redirect: 'manual',
          signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Maillage-Webhooks/1',
            'webhook-id': message.webhookId,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': webhookSignature(
              { id: message.webhookId, timestamp, body: message.body },
              keys,
            ),
            'maillage-message-type': message.messageType,
            'maillage-event-type': message.eventType,
          },
          body: message.body,
        });
        // The answer's body is not read: only the status matters, and the socket goes back.
        await response.body?.cancel().catch(() => undefined);
        return outcomeOf(response);
      } catch (error) {
        if (stop?.aborted) return { kind: 'stopped' } as const;
        return {
          kind: 'failed',
          error: timeout.aborted
            ? `no answer within ${this.timeoutMs} ms`
            : `network error: ${causeOf(error)}`,
          retryAfterMs: null,
        } as const;
      }
    });
  }
}

function outcomeOf(response: Response): AttemptOutcome {
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) {
    return { kind: 'gone', status, reason: 'the receiver answered 410 Gone' };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'failed',
      error: `HTTP ${status}: redirects are not followed`,
      retryAfterMs: null,
    };
  }
  return {
    kind: 'failed',
    error: `HTTP ${status}`,
    retryAfterMs: status === 429 ? retryAfterMs(response.headers.get('retry-after')) : null,
  };
}

/** undici hides the socket error in `cause`; neither carries personal data. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
