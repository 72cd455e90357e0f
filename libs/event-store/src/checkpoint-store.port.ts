/**
 * Where a subscriber keeps the last global position it fully processed. A subscriber that saves its
 * checkpoint in the same transaction as its effect gets exactly-once effects; one that saves after
 * its effect gets at-least-once and must drop duplicates by event id.
 */
export interface CheckpointStore {
  /** Last saved position for this subscriber name, 0 when none. */
  load(subscriber: string): Promise<number>;
  save(subscriber: string, position: number): Promise<void>;
}
