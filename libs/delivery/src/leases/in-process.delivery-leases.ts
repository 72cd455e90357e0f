import type { DeliveryLease, DeliveryLeases } from './delivery-lease.port';

/**
 * Leases within one process: the embedded default (SQLite), where the hub is a single process by
 * construction — its store files belong to it — so there is no other instance to exclude. Only
 * guards against two loops for one connector in this process.
 */
export class InProcessDeliveryLeases implements DeliveryLeases {
  private readonly held = new Set<string>();
  private readonly never = new AbortController().signal;

  tryAcquire(connectorId: string): Promise<DeliveryLease | null> {
    if (this.held.has(connectorId)) return Promise.resolve(null);
    this.held.add(connectorId);
    return Promise.resolve({
      lost: this.never,
      release: () => {
        this.held.delete(connectorId);
        return Promise.resolve();
      },
    });
  }

  close(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }
}
