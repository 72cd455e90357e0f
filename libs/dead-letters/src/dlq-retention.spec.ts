import { DLQ_TOPIC_SPEC } from '@maillage/messaging';
import { dlqRetentionMs } from './dead-letters.module';

/*
 * Dead-letter keys expire with the topic's records. The topic is created with 30 days, but an
 * operator may change that on the broker: keys must follow what the broker applies, or letters
 * still in the topic become unreadable (a shorter setting only keeps keys a little longer).
 */
describe('dlqRetentionMs', () => {
  const DAY = 24 * 3_600_000;
  const logger = () => ({ warn: jest.fn() });

  it("follows the broker's setting, raised by an operator to 90 days", async () => {
    const bus = { retentionMs: jest.fn().mockResolvedValue(90 * DAY) };
    await expect(dlqRetentionMs(bus, logger())).resolves.toBe(90 * DAY);
    expect(bus.retentionMs).toHaveBeenCalledWith(DLQ_TOPIC_SPEC.name);
  });

  it('keeps keys without a time limit when the topic keeps its records so', async () => {
    const bus = { retentionMs: jest.fn().mockResolvedValue(null) };
    await expect(dlqRetentionMs(bus, logger())).resolves.toBeNull();
  });

  it("takes the hub's own 30 days, quietly, before the topic exists (its first letter creates it so)", async () => {
    const log = logger();
    const bus = { retentionMs: jest.fn().mockResolvedValue(undefined) };
    await expect(dlqRetentionMs(bus, log)).resolves.toBe(30 * DAY);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it("falls back to the hub's own 30 days, and says so, when the broker cannot be asked", async () => {
    const log = logger();
    const bus = { retentionMs: jest.fn().mockRejectedValue(new Error('broker down')) };
    await expect(dlqRetentionMs(bus, log)).resolves.toBe(30 * DAY);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('broker down'));
    await expect(dlqRetentionMs(null, log)).resolves.toBe(30 * DAY);
  });
});
