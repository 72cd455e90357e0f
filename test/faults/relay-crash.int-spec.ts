import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCheckpointStore, SqliteEventStore } from '@maillage/event-store';
import { KafkaMessageBus, fromCloudEventMessage } from '@maillage/messaging';
import { commentAdded } from '@maillage/relay/testing';
import { describeKafka, uniqueName } from '../kafka/kafka-test-env';

const EVENTS = 5000;
const STREAMS = 100;
const KILLS = 10;
/** Events appended per tick (every 150 ms): appending outlasts the ten kill cycles. */
const BATCH = 10;
const REPO = join(__dirname, '..', '..');

/**
 * The relay app, killed with SIGKILL ten times at random moments while 5 000 events are appended,
 * then restarted: a consumer that drops duplicates by event id must have seen every event exactly
 * once, and each request's events in order. A relay that saved its checkpoint before Kafka's
 * acknowledgement would lose the events in flight at a kill, and this test would catch it.
 */
describeKafka('relay crash test (kill -9 during appends)', (brokers) => {
  jest.setTimeout(420_000);
  let dir: string;
  let relay: ChildProcess | null = null;
  let appendingDone = false;
  const topic = uniqueName('maillage.events.crash');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-relay-crash-'));
  });
  afterAll(() => {
    relay?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const startRelay = (): ChildProcess =>
    spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'apps/relay/src/main.ts',
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          TS_NODE_PROJECT: join(REPO, 'tsconfig.json'),
          MAILLAGE_DATA_DIR: dir,
          MAILLAGE_HUB_SECRET: 'crash-test-secret-crash-test-secret-000',
          KAFKA_BROKERS: brokers.join(','),
          MAILLAGE_EVENTS_TOPIC: topic,
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );

  it('loses nothing and keeps per-request order across ten SIGKILLs', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const requests = Array.from({ length: STREAMS }, () => randomUUID());
    const revisions = new Map<string, number>();
    const appended = new Set<string>();
    relay = startRelay();
    let kills = 0;

    const appending = (async () => {
      // At least EVENTS, and on until the ten kills have happened (a slow machine boots the relay
      // slowly): a kill needs appends to land in; a cap keeps a stuck relay from looping forever.
      for (let n = 0; (n < EVENTS || kills < KILLS) && n < EVENTS * 4; n += BATCH) {
        await Promise.all(
          Array.from({ length: BATCH }, async (_, i) => {
            const requestId = requests[(n + i) % STREAMS]!;
            const next = revisions.get(requestId) ?? 0;
            revisions.set(requestId, next + 1);
            const event = commentAdded(requestId, n + i);
            await store.appendToStream(`request-${requestId}`, [event], {
              expectedRevision: next === 0 ? 'no_stream' : next - 1,
            });
            appended.add(event.eventId);
          }),
        );
        await new Promise((r) => setTimeout(r, 150));
      }
      appendingDone = true;
    })();
    const checkpoints = new SqliteCheckpointStore({ path: join(dir, 'events.sqlite') });
    const killing = (async () => {
      while (kills < KILLS) {
        // Kill a relay that is publishing, not one still booting: wait until it moves its
        // checkpoint, then pick a random moment in its work.
        const before = await checkpoints.load('relay');
        while ((await checkpoints.load('relay')) === before && !appendingDone) {
          await new Promise((r) => setTimeout(r, 20));
        }
        if (appendingDone) break;
        await new Promise((r) => setTimeout(r, Math.random() * 400));
        const victim = relay;
        victim.kill('SIGKILL');
        await new Promise((r) => victim.once('exit', r));
        kills += 1;
        relay = startRelay();
      }
    })();
    await Promise.all([appending, killing]);

    const head = await store.headPosition();
    const deadline = Date.now() + 120_000;
    while ((await checkpoints.load('relay')) < head && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await checkpoints.load('relay')).toBe(head);
    const last = relay;
    relay = null;
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));
    await checkpoints.close();
    await store.close();

    const bus = new KafkaMessageBus({ brokers, clientId: 'maillage-crash-reader' });
    const seen = new Set<string>();
    const lastRevision = new Map<string, number>();
    const outOfOrder: string[] = [];
    let duplicates = 0;
    const consumer = await bus.consume({
      groupId: uniqueName('crash-reader'),
      topics: [topic],
      fromBeginning: true,
      handle: async (message) => {
        const event = fromCloudEventMessage(message);
        if (seen.has(event.eventId)) {
          duplicates += 1;
          return;
        }
        seen.add(event.eventId);
        const previous = lastRevision.get(event.streamId) ?? -1;
        if (event.revision !== previous + 1)
          outOfOrder.push(`${event.streamId}@${event.revision} after ${previous}`);
        lastRevision.set(event.streamId, event.revision);
      },
    });
    const readDeadline = Date.now() + 60_000;
    while (seen.size < appended.size && Date.now() < readDeadline)
      await new Promise((r) => setTimeout(r, 100));
    await consumer.stop();
    await bus.close();

    expect(kills).toBe(KILLS);
    expect(appended.size).toBeGreaterThanOrEqual(EVENTS);
    expect([...appended].filter((id) => !seen.has(id))).toEqual([]);
    expect(seen.size).toBe(appended.size);
    expect(outOfOrder).toEqual([]);
    // Re-sent after a kill, dropped by id: proof the kills landed between publish and checkpoint.
    console.log(
      `relay crash test: ${kills} kills, ${appended.size} events, ${duplicates} duplicates dropped by event id`,
    );
  });
});
