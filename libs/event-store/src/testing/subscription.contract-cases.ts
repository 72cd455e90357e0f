import { checkpointedSubscription } from '../checkpointed-subscription';
import type { RecordedEvent } from '../event-store.port';
import { sleep, someEvents, uniqueStream, waitFor } from './contract-fixture';
import type { FixtureAccess } from './event-store.contract';
import { InMemoryCheckpointStore } from './in-memory.checkpoint-store';

/** Long enough for a duplicate or a late event to show up (several poll intervals). */
const QUIET_MS = 400;

function expectInOrderOnce(seen: readonly RecordedEvent[], count: number): void {
  expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: count }, (_, i) => i));
  for (let i = 1; i < seen.length; i++)
    expect(seen[i]!.position).toBeGreaterThan(seen[i - 1]!.position);
}

export function subscriptionContractCases(fixture: FixtureAccess): void {
  describe('subscribeToAll', () => {
    it('catches up from the start, then receives live appends, in order, exactly once', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('live');
      await store.appendToStream(streamId, someEvents(3), { expectedRevision: 'no_stream' });
      const seen: RecordedEvent[] = [];
      const positions: number[] = [];
      const subscription = store.subscribeToAll((event) => {
        positions.push(event.position);
        if (event.streamId === streamId) seen.push(event);
        return Promise.resolve();
      });

      await waitFor(() => seen.length === 3, 'catch-up');
      await store.appendToStream(streamId, someEvents(1), { expectedRevision: 2 });
      await store.appendToStream(streamId, someEvents(2), { expectedRevision: 3 });
      await waitFor(() => seen.length === 6, 'live events');
      await sleep(QUIET_MS);
      await subscription.stop();

      expectInOrderOnce(seen, 6);
      for (let i = 1; i < positions.length; i++)
        expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
      expect(subscription.position).toBe(positions.at(-1));
    });

    it('starts strictly after a given position', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('middle');
      await store.appendToStream(streamId, someEvents(5), { expectedRevision: 'no_stream' });
      const middle = (await store.readStream(streamId))[1]!.position;
      const seen: RecordedEvent[] = [];
      const positions: number[] = [];
      const subscription = store.subscribeToAll(
        (event) => {
          positions.push(event.position);
          if (event.streamId === streamId) seen.push(event);
          return Promise.resolve();
        },
        { after: middle, batchSize: 2 },
      );

      await waitFor(() => seen.length === 3, 'events after the middle');
      await sleep(QUIET_MS / 2);
      await subscription.stop();

      expect(seen.map((e) => e.revision)).toEqual([2, 3, 4]);
      expect(positions.every((p) => p > middle)).toBe(true);
    });

    it('stops after the event in flight', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('stop');
      const before = await store.headPosition();
      await store.appendToStream(streamId, someEvents(3), { expectedRevision: 'no_stream' });
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const handled: RecordedEvent[] = [];
      let inFlight = false;
      const subscription = store.subscribeToAll(
        async (event) => {
          if (event.streamId !== streamId) return;
          if (event.revision === 0) {
            inFlight = true;
            await gate;
          }
          handled.push(event);
        },
        { after: before },
      );
      await waitFor(() => inFlight, 'the first event to be in flight');

      let stopped = false;
      const stopping = subscription.stop().then(() => (stopped = true));
      await sleep(50);
      expect(stopped).toBe(false);
      release();
      await stopping;

      expect(handled.map((e) => e.revision)).toEqual([0]);
      expect(subscription.position).toBe(handled[0]!.position);
      await subscription.done;
    });

    it('stops and rejects done when the handler fails', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('failing');
      const before = await store.headPosition();
      await store.appendToStream(streamId, someEvents(3), { expectedRevision: 'no_stream' });
      const handled: number[] = [];
      const subscription = store.subscribeToAll(
        (event) => {
          if (event.streamId !== streamId) return Promise.resolve();
          if (event.revision === 1) return Promise.reject(new Error('projection broke'));
          handled.push(event.revision);
          return Promise.resolve();
        },
        { after: before },
      );

      await expect(subscription.done).rejects.toThrow('projection broke');
      expect(handled).toEqual([0]);
      await subscription.stop();
    });
  });

  describe('checkpointedSubscription', () => {
    it('resumes after a restart without missing or repeating an event', async () => {
      const { store, checkpoints = new InMemoryCheckpointStore() } = fixture();
      const subscriber = uniqueStream('subscriber');
      const streamId = uniqueStream('checkpointed');
      await store.appendToStream(streamId, someEvents(3), { expectedRevision: 'no_stream' });
      const seen: RecordedEvent[] = [];
      const handler = (event: RecordedEvent): Promise<void> => {
        if (event.streamId === streamId) seen.push(event);
        return Promise.resolve();
      };

      const first = await checkpointedSubscription(store, checkpoints, subscriber, handler);
      await waitFor(() => seen.length === 3, 'first run');
      await first.stop();
      expect(await checkpoints.load(subscriber)).toBe(first.position);
      expect(first.position).toBeGreaterThanOrEqual(seen[2]!.position);

      await store.appendToStream(streamId, someEvents(2), { expectedRevision: 2 });
      const second = await checkpointedSubscription(store, checkpoints, subscriber, handler, {
        saveEvery: 10,
      });
      await waitFor(() => seen.length === 5, 'second run');
      await sleep(QUIET_MS);
      await second.stop();

      expectInOrderOnce(seen, 5);
      expect(await checkpoints.load(subscriber)).toBe(second.position);
    });
  });
}
