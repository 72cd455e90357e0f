import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
}

/** How the receiver answers its n-th request (0-based); `hang` never answers. */
export type ReceiverAnswer =
  { readonly status: number; readonly headers?: Record<string, string> } | 'hang';

export interface TestReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Changes the answers from now on. */
  answer(next: (index: number, request: ReceivedWebhook) => ReceiverAnswer): void;
  /** Resolves once `count` requests matched, or rejects after `timeoutMs`. */
  waitFor(
    count: number,
    match?: (request: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1, on a free port, answering as the test says. */
export async function startTestReceiver(
  answer: (index: number, request: ReceivedWebhook) => ReceiverAnswer = () => ({ status: 204 }),
): Promise<TestReceiver> {
  let answers = answer;
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const webhook = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(webhook);
      const reply = answers(received.length - 1, webhook);
      if (reply === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(reply.status, reply.headers ?? {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answer(next) {
      answers = next;
    },
    async waitFor(count, match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const matching = received.filter(match);
        if (matching.length >= count) return matching;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(
        `expected ${count} webhook(s), got ${received.filter(match).length} within ${timeoutMs} ms`,
      );
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
