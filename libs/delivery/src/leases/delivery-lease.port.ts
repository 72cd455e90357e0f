/** This process's exclusive right to deliver one connector's webhooks, until released or lost. */
export interface DeliveryLease {
  /**
   * Aborts when the right may have passed to another instance (the session that held it ended):
   * the loop must stop sending at once and try to take the lease again.
   */
  readonly lost: AbortSignal;
  /** Gives the right up (a loop that stops); harmless once lost. */
  release(): Promise<void>;
}

/**
 * Who delivers each connector's webhooks: one process at a time per connector, so that two
 * instances of a hub on the same store never send the same messages twice or out of order. A
 * process that dies loses its leases, and another one takes them over.
 */
export interface DeliveryLeases {
  /** The lease when no other process holds it, else null: try again later. */
  tryAcquire(connectorId: string): Promise<DeliveryLease | null>;
  close(): Promise<void>;
}
