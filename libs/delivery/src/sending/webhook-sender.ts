import { type Connector, WebhookTargetPolicy } from '@maillage/connectors';
import type { WebhookSecrets } from '../secrets/webhook-secrets';
import { webhookSignature } from '../signing/webhook-signature';
import { retryAfterMs } from './retry-policy';
import { Semaphore } from './semaphore';
import type { WebhookMessage } from './webhook-message';
import { type ResolveAll, resolveAll, webhookTarget } from './webhook-target';
import { type WebhookResponse, WebhookTransport } from './webhook-transport';

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
  /** Hosts that may be called besides public ones (default: none, public addresses only). */
  readonly targets?: WebhookTargetPolicy;
  /** How a host name is resolved before it is checked (default `dns.lookup`, every address). */
  readonly resolve?: ResolveAll;
  readonly now?: () => number;
}

/**
 * One signed POST of a message to a connector's endpoint (Standard Webhooks). Redirects are not
 * followed — a 3xx is a failure, so a receiver cannot bounce the hub to another host — and each
 * attempt has its own timeout. Only the body, the id and the timestamp are signed.
 *
 * Before each connection the target is checked (see `webhookTarget`): a URL that leads to a
 * loopback, private, link-local… address fails the attempt with the reason, like an unreachable
 * receiver — retried on the schedule, then dead-lettered — and the connection goes to the very
 * address that was checked.
 */
export class WebhookSender {
  private readonly timeoutMs: number;
  private readonly slots: Semaphore;
  private readonly targets: WebhookTargetPolicy;
  private readonly resolve: ResolveAll;
  private readonly now: () => number;
  private readonly transport = new WebhookTransport();

  constructor(
    private readonly secrets: WebhookSecrets,
    options: WebhookSenderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.slots = new Semaphore(options.concurrency ?? 32);
    this.targets = options.targets ?? new WebhookTargetPolicy();
    this.resolve = options.resolve ?? resolveAll;
    this.now = options.now ?? Date.now;
  }

  /** Closes the idle keep-alive connections to the receivers. */
  close(): void {
    this.transport.close();
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
      const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
      try {
        const url = new URL(webhook.url);
        const target = await abortable(webhookTarget(url, this.targets, this.resolve), signal);
        if (target.kind === 'refused') {
          return { kind: 'failed', error: target.reason, retryAfterMs: null } as const;
        }
        const headers = {
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
        };
        const response = await this.transport.post(
          url,
          headers,
          message.body,
          target.lookup,
          signal,
        );
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

function outcomeOf(response: WebhookResponse): AttemptOutcome {
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
    retryAfterMs: status === 429 ? retryAfterMs(response.retryAfter) : null,
  };
}

/** The socket's or the resolver's error code (`ECONNREFUSED`, `ENOTFOUND`…): no personal data. */
function causeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/** `work`, or a rejection as soon as `signal` aborts (a name lookup cannot itself be cancelled). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
