import { EventIdConflictError } from '../errors/event-id-conflict.error';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { anEvent, someEvents, uniqueStream, type ContractCapabilities } from './contract-fixture';
import type { FixtureAccess } from './event-store.contract';

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function appendContractCases(
  fixture: FixtureAccess,
  capabilities: ContractCapabilities,
): void {
  describe('appendToStream', () => {
    it("appends to a new stream with 'no_stream' and reads back what was appended", async () => {
      const { store } = fixture();
      const streamId = uniqueStream('new');
      const events = [
        anEvent(
          'RequestFiled',
          { category: 'voirie', nested: { b: 2, a: [1, 'x', null, true] } },
          { name: 'Jeanne' },
        ),
        anEvent('RequestRouted', { to: '244500211' }),
      ];

      const result = await store.appendToStream(streamId, events, {
        expectedRevision: 'no_stream',
      });

      const stored = await store.readStream(streamId);
      expect(result).toEqual({
        nextExpectedRevision: 1,
        lastPosition: expect.any(Number),
        duplicate: false,
        events: stored,
      });
      expect(stored.map((e) => e.revision)).toEqual([0, 1]);
      stored.forEach((recorded, i) => {
        const appended = events[i]!;
        expect(recorded).toMatchObject({
          streamId,
          eventId: appended.eventId,
          type: appended.type,
          data: appended.data,
          personal: appended.personal,
          metadata: appended.metadata,
        });
        expect(recorded.recordedAt).toMatch(ISO_UTC_MS);
      });
      expect(stored[0]!.position).toBeLessThan(stored[1]!.position);
      expect(stored[1]!.position).toBe(result.lastPosition);
    });

    it('rejects a wrong expected revision with the actual revision, and writes nothing', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('wrong');
      await store.appendToStream(streamId, someEvents(2), { expectedRevision: 'no_stream' });

      const noStream = store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 'no_stream',
      });
      await expect(noStream).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(noStream).rejects.toMatchObject({
        code: 'STORE.WRONG_EXPECTED_REVISION',
        retriable: true,
        streamId,
        expected: 'no_stream',
        actual: 1,
      });
      await expect(
        store.appendToStream(streamId, someEvents(1), { expectedRevision: 0 }),
      ).rejects.toMatchObject({ expected: 0, actual: 1 });
      await expect(
        store.appendToStream(uniqueStream('missing'), someEvents(1), { expectedRevision: 3 }),
      ).rejects.toMatchObject({ expected: 3, actual: 'no_stream' });
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('appends at the expected revision', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('exact');
      await store.appendToStream(streamId, someEvents(2), { expectedRevision: 'no_stream' });
      const result = await store.appendToStream(streamId, someEvents(3), { expectedRevision: 1 });
      expect(result.nextExpectedRevision).toBe(4);
      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    });

    it("appends with 'any' to a new and to an existing stream", async () => {
      const { store } = fixture();
      const streamId = uniqueStream('any');
      expect(
        (await store.appendToStream(streamId, someEvents(1), { expectedRevision: 'any' }))
          .nextExpectedRevision,
      ).toBe(0);
      expect(
        (await store.appendToStream(streamId, someEvents(2), { expectedRevision: 'any' }))
          .nextExpectedRevision,
      ).toBe(2);
    });

    it('stores events appended twice with the same ids once, and says the second was a duplicate', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('idempotent');
      const events = someEvents(2);
      const first = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      await store.appendToStream(streamId, someEvents(1), { expectedRevision: 1 });
      const head = await store.headPosition();

      // A client retrying after a lost response sends the same ids with the same expectation.
      const retry = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      const retryAny = await store.appendToStream(streamId, events, { expectedRevision: 'any' });

      expect(retry).toEqual({
        nextExpectedRevision: 2,
        lastPosition: first.lastPosition,
        duplicate: true,
        events: [],
      });
      expect(retryAny).toEqual(retry);
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('rejects a partial overlap of ids as an EventIdConflictError, and writes nothing', async () => {
      const { store } = fixture();
      const streamId = uniqueStream('overlap');
      const events = someEvents(2);
      await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });

      const overlapping = store.appendToStream(streamId, [events[1]!, anEvent('Other')], {
        expectedRevision: 1,
      });

      await expect(overlapping).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(overlapping).rejects.toMatchObject({
        code: 'STORE.EVENT_ID_CONFLICT',
        retriable: false,
      });
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('rejects an id repeated within one append', async () => {
      const { store } = fixture();
      const event = anEvent('Twice');
      await expect(
        store.appendToStream(uniqueStream('twice'), [event, event], {
          expectedRevision: 'no_stream',
        }),
      ).rejects.toBeInstanceOf(EventIdConflictError);
    });

    (capabilities.eventIdsUniqueAcrossStreams === false ? it.skip : it)(
      'rejects an id already stored in another stream',
      async () => {
        const { store } = fixture();
        const event = anEvent('Moved');
        await store.appendToStream(uniqueStream('first'), [event], {
          expectedRevision: 'no_stream',
        });
        const other = uniqueStream('second');
        await expect(
          store.appendToStream(other, [event], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.readStream(other)).toEqual([]);
      },
    );

    it('settles appends issued together independently: one failure rejects only its own append', async () => {
      const { store } = fixture();
      const [a, b, c] = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
      await store.appendToStream(b, someEvents(1), { expectedRevision: 'no_stream' });

      const outcomes = await Promise.allSettled([
        store.appendToStream(a, someEvents(1), { expectedRevision: 'no_stream' }),
        store.appendToStream(b, someEvents(1), { expectedRevision: 'no_stream' }),
        store.appendToStream(c, someEvents(2), { expectedRevision: 'no_stream' }),
      ]);

      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.readStream(a)).toHaveLength(1);
      expect(await store.readStream(b)).toHaveLength(1);
      expect(await store.readStream(c)).toHaveLength(2);
      // Appends committed together still each answer exactly the events they recorded.
      const [recordedA, , recordedC] = outcomes.map((o) =>
        o.status === 'fulfilled' ? o.value.events : null,
      );
      expect(recordedA).toEqual(await store.readStream(a));
      expect(recordedC).toEqual(await store.readStream(c));
    });
  });
}
