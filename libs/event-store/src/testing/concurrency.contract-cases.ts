import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import type { ExpectedRevision } from '../event-store.port';
import { anEvent, readAllAfter, uniqueStream } from './contract-fixture';
import type { FixtureAccess } from './event-store.contract';

const WRITERS = 50;
const STREAMS = 20;
const ATTEMPTS_PER_WRITER = 8;

export function concurrencyContractCases(fixture: FixtureAccess): void {
  describe('optimistic concurrency', () => {
    it(`keeps streams dense and the log ordered under ${WRITERS} concurrent writers on ${STREAMS} streams`, async () => {
      const { store } = fixture();
      const before = await store.headPosition();
      const streams = Array.from({ length: STREAMS }, (_, i) => uniqueStream(`busy-${i}`));
      let successes = 0;
      let conflicts = 0;
      const unexpected: unknown[] = [];

      // Each writer does what a command handler does: load, decide, append at the loaded revision.
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          for (let attempt = 0; attempt < ATTEMPTS_PER_WRITER; attempt++) {
            const streamId = streams[(writer + attempt * 7) % STREAMS]!;
            const current = await store.readStream(streamId);
            const last = current.at(-1);
            const expectedRevision: ExpectedRevision =
              last === undefined ? 'no_stream' : last.revision;
            try {
              await store.appendToStream(streamId, [anEvent('Written', { writer, attempt })], {
                expectedRevision,
              });
              successes += 1;
            } catch (error) {
              if (error instanceof WrongExpectedRevisionError) conflicts += 1;
              else unexpected.push(error);
            }
          }
        }),
      );

      expect(unexpected).toEqual([]);
      expect(successes + conflicts).toBe(WRITERS * ATTEMPTS_PER_WRITER);
      expect(successes).toBeGreaterThan(0);
      expect(conflicts).toBeGreaterThan(0); // otherwise the test did not exercise any race
      let stored = 0;
      for (const streamId of streams) {
        const revisions = (await store.readStream(streamId)).map((e) => e.revision);
        expect(revisions).toEqual(revisions.map((_, i) => i));
        stored += revisions.length;
      }
      expect(stored).toBe(successes);

      const ours = new Set(streams);
      const log = (await readAllAfter(store, before)).filter((e) => ours.has(e.streamId));
      expect(log).toHaveLength(successes);
      for (let i = 1; i < log.length; i++) {
        expect(log[i]!.position).toBeGreaterThan(log[i - 1]!.position);
      }
    });
  });
}
