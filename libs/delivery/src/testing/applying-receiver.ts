import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type WebhookVerificationKey } from '../signing/webhook-verifier';

/**
 * A receiver as the README tells back offices to write one: it verifies the signature and the
 * timestamp, applies each `webhook-id` once (a repeat is answered 2xx and dropped), and keeps
 * what it applied, in order, with each message's request (`referenceMaillage` in commune-v1,
 * `ID_MAILLAGE` in departement-v1).
 */
export interface ApplyingReceiver {
  readonly url: string;
  /** `webhook-id`s applied, in the order they were first received. */
  readonly applied: string[];
  /** Per request id: the `webhook-id`s applied for it, in order. */
  readonly byRequest: Map<string, string[]>;
  /** Deliveries of an id already applied, dropped. */
  readonly duplicates: number;
  /** Requests refused for a bad signature or a stale timestamp (answered 401). */
  readonly rejected: number;
  /** Applied at this `Date.now()`, by `webhook-id` (first arrival). */
  readonly appliedAt: Map<string, number>;
  /** The connector's HMAC secret (`whsec_…`), known once issued: until then every request is refused. */
  verifyWith(secret: string): void;
  close(): Promise<void>;
}

/** Starts one on 127.0.0.1, on a free port; it verifies HMAC-SHA256 signatures (`verifyWith`). */
export async function startApplyingReceiver(): Promise<ApplyingReceiver> {
  let key: WebhookVerificationKey | null = null;
  const seen = new Set<string>();
  const state = {
    applied: [] as string[],
    byRequest: new Map<string, string[]>(),
    appliedAt: new Map<string, number>(),
    duplicates: 0,
    rejected: 0,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = header(request.headers, 'webhook-id');
      if (!key || !verifyWebhook(request.headers, body, [key]).ok) {
        state.rejected += 1;
        response.writeHead(401).end();
        return;
      }
      if (seen.has(id)) {
        state.duplicates += 1;
      } else {
        seen.add(id);
        state.applied.push(id);
        state.appliedAt.set(id, Date.now());
        const requestId = requestOf(body);
        state.byRequest.set(requestId, [...(state.byRequest.get(requestId) ?? []), id]);
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/maillage`,
    applied: state.applied,
    byRequest: state.byRequest,
    appliedAt: state.appliedAt,
    get duplicates() {
      return state.duplicates;
    },
    get rejected() {
      return state.rejected;
    },
    verifyWith(secret) {
      key = { scheme: 'hmac-sha256', secret };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return typeof value === 'string' ? value : '';
}

/** The request a message is about, in the two dialects the tests use. */
function requestOf(body: string): string {
  const message = JSON.parse(body) as { referenceMaillage?: string; ID_MAILLAGE?: string };
  return message.referenceMaillage ?? message.ID_MAILLAGE ?? '(none)';
}
