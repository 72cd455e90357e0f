import type { CheckpointStore } from '../checkpoint-store.port';

/** Checkpoints kept in memory: enough to test the generic checkpointed subscription. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();

  load(subscriber: string): Promise<number> {
    return Promise.resolve(this.positions.get(subscriber) ?? 0);
  }

  save(subscriber: string, position: number): Promise<void> {
    this.positions.set(subscriber, position);
    return Promise.resolve();
  }
}
