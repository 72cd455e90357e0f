import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/** How a receiver behaves: answers 204, refuses connections (nothing listens), or never answers. */
export type ReceiverMode = 'healthy' | 'refusing' | 'hanging';

/**
 * A webhook receiver on 127.0.0.1 for the benchmark: it only notes when each `webhook-id` first
 * arrived (signatures are checked by the tests, not here: the benchmark measures the hub), and
 * can go down and come back on the same port.
 */
export class BenchReceiver {
  /** First arrival (`Date.now()`) of each `webhook-id`. */
  readonly arrivals = new Map<string, number>();
  private mode: ReceiverMode = 'healthy';
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/maillage`;
  }

  async start(): Promise<void> {
    await this.listen();
  }

  async setMode(mode: ReceiverMode): Promise<void> {
    if (mode === this.mode) return;
    const wasListening = this.mode !== 'refusing';
    this.mode = mode;
    if (mode === 'refusing') {
      await this.stopListening();
    } else {
      for (const response of this.hanging) response.destroy();
      this.hanging.clear();
      if (!wasListening) await this.listen();
    }
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await this.stopListening();
  }

  private listen(): Promise<void> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const id = request.headers['webhook-id'];
        if (typeof id === 'string' && !this.arrivals.has(id)) this.arrivals.set(id, Date.now());
        if (this.mode === 'hanging') {
          this.hanging.add(response);
          return;
        }
        response.writeHead(204).end();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve) =>
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      }),
    );
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections too: a refusing receiver has no open connection either.
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
