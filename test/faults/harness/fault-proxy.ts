import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * How the proxy treats the traffic from now on:
 * - `pass`: forwards both ways;
 * - `cut`: the network is gone — every open connection is destroyed and new ones are accepted
 *   and left silent (bytes swallowed, nothing answered), so the sender waits out its timeout;
 * - `delay`: forwards each chunk after `delayMs`;
 * - `duplicate`: forwards, and sends a copy of each request (the bytes a client sent on one
 *   connection) to the receiver again on a new connection, once its answer came;
 * - `reorder`: forwards, and keeps a copy of each request, released later — after the requests
 *   that followed it — when the mode changes or `flushHeld()` is called.
 */
export type ProxyMode = 'pass' | 'cut' | 'delay' | 'duplicate' | 'reorder';

/** A TCP proxy in front of one subscriber's webhook receiver, to play its network's faults. */
export class FaultProxy {
  private mode: ProxyMode = 'pass';
  private readonly sockets = new Set<Socket>();
  private held: Buffer[] = [];
  /** Copies sent by `duplicate` and `reorder`. */
  replayed = 0;

  private constructor(
    private readonly server: Server,
    private readonly targetPort: number,
    private readonly delayMs: number,
  ) {}

  static async start(targetPort: number, delayMs = 300): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, targetPort, delayMs);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  setMode(mode: ProxyMode): void {
    if (mode === 'cut') for (const socket of this.sockets) socket.destroy();
    if (this.mode === 'reorder' && mode !== 'reorder') this.flushHeld();
    this.mode = mode;
  }

  /** Sends the held copies, newest first: they reach the receiver out of order and late. */
  flushHeld(): void {
    const copies = this.held.reverse();
    this.held = [];
    for (const copy of copies) this.replay(copy);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'cut') {
      client.on('data', () => undefined);
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.track(upstream);
    const sent: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'cut') return;
      sent.push(chunk);
      this.forward(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.mode === 'cut') return;
      this.forward(client, chunk);
      // An answer came: the request is complete, copy it as the mode says.
      const request = Buffer.concat(sent.splice(0));
      if (request.length === 0) return;
      if (this.mode === 'duplicate') this.replay(request);
      if (this.mode === 'reorder') this.held.push(request);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private forward(to: Socket, chunk: Buffer): void {
    if (this.mode === 'delay') setTimeout(() => to.destroyed || to.write(chunk), this.delayMs);
    else if (!to.destroyed) to.write(chunk);
  }

  /** The same request bytes on a connection of their own; the answer is dropped. */
  private replay(request: Buffer): void {
    this.replayed += 1;
    const copy = connect(this.targetPort, '127.0.0.1', () => copy.end(request));
    copy.on('data', () => undefined);
    copy.on('error', () => copy.destroy());
  }
}
