import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import type { RecordedEvent } from '../event-store.port';
import { catchUpSubscription, type PollableLog } from './catch-up.subscription';

function event(position: number): RecordedEvent {
  return {
    streamId: 's',
    revision: position - 1,
    position,
    eventId: `e${position}`,
    type: 'T',
    data: {},
    personal: null,
    metadata: {},
    recordedAt: '2025-01-01T00:00:00.000Z',
    hash: 'h',
    previousHash: null,
  };
}

/** An in-memory log whose readAll can be made to fail or to stall. */
function fakeLog(pollIntervalMs = 10_000) {
  const events: RecordedEvent[] = [];
  const wakers = new Set<() => void>();
  let failures: Error[] = [];
  const log: PollableLog = {
    pollIntervalMs,
    readAll({ after, maxCount }) {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve(events.filter((e) => e.position > after).slice(0, maxCount));
    },
    onAppended(wake) {
      wakers.add(wake);
      return () => wakers.delete(wake);
    },
  };
  return {
    log,
    wakers,
    append(count: number) {
      for (let i = 0; i < count; i++) events.push(event(events.length + 1));
      wakers.forEach((wake) => wake());
    },
    failNext(...errors: Error[]) {
      failures = errors;
    },
  };
}

/** Handlers for these tests: record the position, or do nothing. */
const recordInto =
  (positions: number[]) =>
  (e: RecordedEvent): Promise<void> => {
    positions.push(e.position);
    return Promise.resolve();
  };
const ignore = (): Promise<void> => Promise.resolve();

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('catchUpSubscription', () => {
  it('wakes up on an append without waiting for the poll interval', async () => {
    const { log, append } = fakeLog(60_000);
    const seen: number[] = [];
    const subscription = catchUpSubscription(log, recordInto(seen));
    append(2);
    await settle();
    append(1);
    await settle();
    expect(seen).toEqual([1, 2, 3]);
    await subscription.stop();
  });

  it('pages through the backlog in batches', async () => {
    const { log, append } = fakeLog();
    append(7);
    const pages: number[] = [];
    const readAll = log.readAll.bind(log);
    log.readAll = async (options) => {
      const page = await readAll(options);
      pages.push(page.length);
      return page;
    };
    const subscription = catchUpSubscription(log, ignore, { batchSize: 3 });
    await settle();
    expect(pages.slice(0, 3)).toEqual([3, 3, 1]);
    expect(subscription.position).toBe(7);
    await subscription.stop();
  });

  it('retries a retriable store failure and stops on any other', async () => {
    const retried = fakeLog(5);
    retried.append(1);
    retried.failNext(
      new EventStoreUnavailableError('down'),
      new EventStoreUnavailableError('still down'),
    );
    const seen: number[] = [];
    const subscription = catchUpSubscription(retried.log, recordInto(seen));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([1]);
    await subscription.stop();

    const broken = fakeLog(5);
    broken.failNext(new Error('no such table'));
    await expect(catchUpSubscription(broken.log, ignore).done).rejects.toThrow('no such table');
  });

  it('refuses to go backwards if a store ever returned a lower position', async () => {
    const { log } = fakeLog();
    log.readAll = () => Promise.resolve([event(5), event(4)]);
    await expect(catchUpSubscription(log, ignore).done).rejects.toThrow('refusing to reorder');
  });

  it('unregisters its wake-up when stopped', async () => {
    const { log, wakers } = fakeLog();
    const subscription = catchUpSubscription(log, ignore);
    expect(wakers.size).toBe(1);
    await subscription.stop();
    expect(wakers.size).toBe(0);
  });
});
