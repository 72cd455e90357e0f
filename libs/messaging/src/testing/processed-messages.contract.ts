import type { ProcessedMessages } from '../consumer/processed-messages.port';

/** One store under test: the store, how an effect writes through its transaction, and what was written. */
export interface ProcessedMessagesFixture<Tx> {
  readonly store: ProcessedMessages<Tx>;
  /** Records `value` through the transaction (a row, an in-memory commit hook...). */
  write(tx: Tx, value: string): Promise<void>;
  /** Every value whose write committed, in order. */
  written(): Promise<string[]>;
}

/**
 * The contract every `ProcessedMessages` adapter passes: the effect and the mark commit together
 * or not at all, and a message id is processed once per consumer.
 */
export function processedMessagesContract<Tx>(
  setUp: () => Promise<ProcessedMessagesFixture<Tx>>,
  tearDown: () => Promise<void> = () => Promise.resolve(),
): void {
  let fixture: ProcessedMessagesFixture<Tx>;
  beforeEach(async () => {
    fixture = await setUp();
  });
  afterEach(tearDown);

  it('runs the effect once and reports the second call as a duplicate', async () => {
    const { store } = fixture;
    await expect(
      store.processOnce('projector', 'evt-1', (tx) => fixture.write(tx, 'one')),
    ).resolves.toBe('processed');
    await expect(
      store.processOnce('projector', 'evt-1', (tx) => fixture.write(tx, 'again')),
    ).resolves.toBe('duplicate');
    expect(await fixture.written()).toEqual(['one']);
  });

  it('keeps consumers apart: the same id is new to another consumer', async () => {
    const { store } = fixture;
    await store.processOnce('projector', 'evt-1', (tx) => fixture.write(tx, 'projector'));
    await expect(
      store.processOnce('dispatcher', 'evt-1', (tx) => fixture.write(tx, 'dispatcher')),
    ).resolves.toBe('processed');
    expect(await fixture.written()).toEqual(['projector', 'dispatcher']);
  });

  it('rolls back the effect and the mark when the effect fails, and rethrows its error unchanged', async () => {
    const { store } = fixture;
    const failure = Object.assign(new Error('projection failed'), {
      code: 'TEST.FAILED',
      retriable: true,
    });
    await expect(
      store.processOnce('projector', 'evt-1', async (tx) => {
        await fixture.write(tx, 'half-done');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await fixture.written()).toEqual([]);
    await expect(
      store.processOnce('projector', 'evt-1', (tx) => fixture.write(tx, 'retried')),
    ).resolves.toBe('processed');
    expect(await fixture.written()).toEqual(['retried']);
  });

  it('runs the effect once when the same id is processed concurrently', async () => {
    const { store } = fixture;
    const outcomes = await Promise.all(
      [1, 2, 3].map((n) =>
        store.processOnce('projector', 'evt-1', async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          await fixture.write(tx, `run-${n}`);
        }),
      ),
    );
    expect([...outcomes].sort()).toEqual(['duplicate', 'duplicate', 'processed']);
    expect(await fixture.written()).toHaveLength(1);
  });

  it('processes different ids independently, in call order', async () => {
    const { store } = fixture;
    for (const id of ['a', 'b', 'c'])
      await store.processOnce('projector', id, (tx) => fixture.write(tx, id));
    expect(await fixture.written()).toEqual(['a', 'b', 'c']);
  });
}
