import { computeEventHash } from '../integrity/event-hash';
import { anEvent, readAllAfter, someEvents, uniqueStream } from './contract-fixture';
import type { FixtureAccess } from './event-store.contract';

export function readContractCases(fixture: FixtureAccess): void {
  describe('readStream', () => {
    it('reads a stream in revision order, from a revision, at most maxCount', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('read');
      await store.appendToStream(streamId, someEvents(3), { expectedRevision: 'no_stream' });
      await store.appendToStream(uniqueStream('noise'), someEvents(2), {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(streamId, someEvents(2), { expectedRevision: 2 });

      const revisions = async (options?: { fromRevision?: number; maxCount?: number }) =>
        (await store.readStream(streamId, options)).map((e) => e.revision);

      expect(await revisions()).toEqual([0, 1, 2, 3, 4]);
      expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
      expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
      expect(await revisions({ fromRevision: 9 })).toEqual([]);
      expect(await store.readStream(uniqueStream('missing'))).toEqual([]);
    });
  });

  describe('readAll and headPosition', () => {
    it('reads the global log in position order, after a position, at most maxCount', async () => {
      const { store } = fixture();
      const before = await store.headPosition();
      const [x, y] = [uniqueStream('x'), uniqueStream('y')];
      const first = await store.appendToStream(x, someEvents(2), { expectedRevision: 'no_stream' });
      const second = await store.appendToStream(y, someEvents(1), {
        expectedRevision: 'no_stream',
      });
      const third = await store.appendToStream(x, someEvents(1), { expectedRevision: 1 });

      const log = (await readAllAfter(store, before)).filter(
        (e) => e.streamId === x || e.streamId === y,
      );
      expect(log.map((e) => [e.streamId, e.revision])).toEqual([
        [x, 0],
        [x, 1],
        [y, 0],
        [x, 2],
      ]);
      expect(log.map((e) => e.position)).toEqual(
        [...log.map((e) => e.position)].sort((a, b) => a - b),
      );
      expect(new Set(log.map((e) => e.position)).size).toBe(4);
      expect(log[1]!.position).toBe(first.lastPosition);
      expect(log[2]!.position).toBe(second.lastPosition);
      expect(log[3]!.position).toBe(third.lastPosition);

      const page = await store.readAll({ after: log[0]!.position, maxCount: 2 });
      expect(page).toHaveLength(2);
      expect(page[0]!.position).toBeGreaterThan(log[0]!.position);
      expect(page.every((e) => e.position > log[0]!.position)).toBe(true);
      const afterLast = await store.readAll({ after: third.lastPosition });
      expect(afterLast.every((e) => e.position > third.lastPosition)).toBe(true);
    });

    it('gives the position of the last committed event as head', async () => {
      const { store } = fixture();
      const result = await store.appendToStream(uniqueStream('head'), someEvents(3), {
        expectedRevision: 'no_stream',
      });
      expect(await store.headPosition()).toBeGreaterThanOrEqual(result.lastPosition);
      const again = await store.appendToStream(uniqueStream('head'), someEvents(1), {
        expectedRevision: 'no_stream',
      });
      expect(again.lastPosition).toBeGreaterThan(result.lastPosition);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(again.lastPosition);
    });
  });

  describe('integrity hash chain', () => {
    it('chains each event to the previous one of its stream, and the stored hash can be recomputed', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('chain');
      await store.appendToStream(streamId, [anEvent('A', { v: 1 }, { email: 'a@example.fr' })], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(uniqueStream('noise'), someEvents(1), {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(streamId, someEvents(2), { expectedRevision: 0 });

      const stored = await store.readStream(streamId);
      expect(stored[0]!.previousHash).toBeNull();
      for (const [i, event] of stored.entries()) {
        expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(computeEventHash(event)).toBe(event.hash);
        if (i > 0) expect(event.previousHash).toBe(stored[i - 1]!.hash);
      }
      // The hash covers the personal part too: erasing a citizen must not be a silent rewrite.
      const tampered = { ...stored[0]!, personal: { email: 'b@example.fr' } };
      expect(computeEventHash(tampered)).not.toBe(stored[0]!.hash);
    });
  });
}
