import type { CheckpointStore } from '@maillage/event-store';
import { abortableSleep } from './abortable-sleep';

/**
 * The relay's checkpoint, written behind Kafka's acknowledgements: `advance` is called once a
 * batch is acknowledged, and saves run one at a time, in order, coalesced — while one save is in
 * flight, later acknowledgements only raise the target, and the next save writes the latest. So
 * saving never holds up the next send, and never falls behind by more than one save.
 *
 * A failed save is retried with backoff (the store may be restarting) until it succeeds, or
 * rejects once the relay is stopping; the checkpoint in the store never passes an event Kafka
 * has not acknowledged.
 */
export class RelayCheckpoint {
  private saved: number;
  private target: number;
  /** Events acknowledged since the last save (reported with it). */
  private unsaved = 0;
  private saving: Promise<void> = Promise.resolve();
  private writing = false;

  constructor(
    private readonly store: CheckpointStore,
    private readonly name: string,
    start: number,
    private readonly options: {
      readonly retryDelayMs: number;
      /** Aborted when the relay stops: a failing save then rejects instead of retrying. */
      readonly stopping: AbortSignal;
      readonly onSaved: (position: number, count: number) => void;
      readonly onRetry: (error: unknown) => void;
    },
  ) {
    this.saved = start;
    this.target = start;
  }

  /** Last position saved. */
  get position(): number {
    return this.saved;
  }

  /** Kafka acknowledged everything up to `position` (`count` messages since the last call). */
  advance(position: number, count: number): void {
    this.target = Math.max(this.target, position);
    this.unsaved += count;
    if (this.writing) return;
    this.writing = true;
    this.saving = this.write();
    // Observed by `settled()`; a rejection nobody waits for must not crash the process.
    this.saving.catch(() => undefined);
  }

  /** Resolves once every advance is saved; rejects if a save failed while stopping. */
  async settled(): Promise<void> {
    await this.saving;
  }

  private async write(): Promise<void> {
    try {
      while (this.saved < this.target) {
        const position = this.target;
        const count = this.unsaved;
        this.unsaved = 0;
        await this.saveWithRetries(position);
        this.saved = position;
        this.options.onSaved(position, count);
      }
    } finally {
      this.writing = false;
    }
  }

  private async saveWithRetries(position: number): Promise<void> {
    let delay = this.options.retryDelayMs;
    for (;;) {
      try {
        await this.store.save(this.name, position);
        return;
      } catch (error) {
        this.options.onRetry(error);
        if (this.options.stopping.aborted) throw error;
        await abortableSleep(delay, this.options.stopping);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }
}
