import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** What an attempt learns of the answer: its status, and `Retry-After` for a 429. */
export interface WebhookResponse {
  readonly status: number;
  readonly retryAfter: string | null;
}

/** An answer's body is not wanted: up to this much, within this time, is drained so the socket can be reused. */
const MAX_DRAINED_BYTES = 64 * 1024;
const MAX_DRAIN_MS = 10_000;

/**
 * One POST over Node's own HTTP client, on keep-alive connections. Node's client never follows
 * a redirect, and takes a `lookup` per request: the connection goes to the address the target
 * check approved (see `webhookTarget`), which `fetch` cannot promise. TLS still verifies the
 * certificate against the URL's host name.
 */
export class WebhookTransport {
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  /** Resolves at the response headers; rejects on a network error or when `signal` aborts first. */
  post(
    url: URL,
    headers: Record<string, string>,
    body: string,
    lookup: LookupFunction | undefined,
    signal: AbortSignal,
  ): Promise<WebhookResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const secure = url.protocol === 'https:';
      const request = (secure ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: secure ? this.https : this.http,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(lookup ? { lookup } : {}),
      });
      // Not the request's own `signal` option: once the headers are in, a late abort must not
      // destroy a socket the agent may already have lent to another attempt.
      const onAbort = (): void => {
        request.destroy(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      request.once('response', (response) => {
        signal.removeEventListener('abort', onAbort);
        const retryAfter = response.headers['retry-after'];
        resolve({ status: response.statusCode ?? 0, retryAfter: retryAfter ?? null });
        drain(response);
      });
      // Kept for the request's whole life: a socket error while the answer drains lands here too.
      request.on('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
      request.end(body);
    });
  }

  /** Closes the idle keep-alive connections. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** Reads a short body to its end (the socket goes back to the pool); drops a long or slow one. */
function drain(response: IncomingMessage): void {
  let size = 0;
  const slow = setTimeout(() => response.destroy(), MAX_DRAIN_MS).unref();
  response.on('close', () => clearTimeout(slow));
  response.on('error', () => undefined);
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_DRAINED_BYTES) response.destroy();
  });
}
