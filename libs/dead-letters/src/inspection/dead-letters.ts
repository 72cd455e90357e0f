import {
  CLOUD_EVENT_HEADERS,
  DEAD_LETTER_HEADERS,
  type Message,
  type MessagePublisher,
  type TopicReader,
} from '@maillage/messaging';

import { DeadLettersError } from '../dead-letters.error';
import type { DeadLetterKeyStore } from '../keys/dead-letter-key-store.port';
import type { DeadLetterVault, OpenedDeadLetter } from '../sealing/dead-letter-vault';
import { deadLetterView, type DeadLetterView } from './dead-letter-view';

const ID = /^(\d{1,9})-(\d{1,19})$/;

/** Which dead letters a caller may see: all (the admin), or those of some source topics. */
export interface DeadLetterAccess {
  /** Null: every dead letter; else only those dead-lettered from these topics. */
  readonly sourceTopics: readonly string[] | null;
}

export interface DeadLetterQuery {
  readonly consumer?: string;
  readonly sourceTopic?: string;
  /** Partition of the dead-letter topic (default 0: it has one). */
  readonly partition?: number;
  /** First offset to show (default: the first retained). */
  readonly from?: string;
  /** At most this many (>= 1). */
  readonly limit: number;
}

/** What a replay answers, the first time and every time after. */
export interface DeadLetterReplayResult {
  readonly id: string;
  readonly topic: string;
  readonly replayedAt: string;
}

/** The records of one partition of the topic read so far (sealed as on Kafka: nothing opened). */
interface CachedPartition {
  records: Message[];
  next: bigint;
}

/**
 * Inspecting and replaying the dead letters of `maillage.dlq.v1`: read from the topic (a copy of
 * its records, sealed as they are there, is kept in memory and topped up from where it stopped
 * — the topic is a small list, one partition for 30 days), opened with their keys while these
 * live, republished to their source topic with their original key and headers on a replay. A
 * replay is recorded, and answered the same the second time without publishing again.
 */
export class DeadLetters {
  private readonly cache = new Map<number, CachedPartition>();
  private reading: Promise<unknown> = Promise.resolve();
  private replaying: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bus: TopicReader & MessagePublisher,
    private readonly vault: DeadLetterVault,
    private readonly keys: DeadLetterKeyStore,
    readonly topic: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(
    query: DeadLetterQuery,
    access: DeadLetterAccess,
  ): Promise<{ items: DeadLetterView[]; next: string | null }> {
    const partition = query.partition ?? 0;
    const from = query.from === undefined ? 0n : BigInt(query.from);
    const matching = (await this.records(partition)).filter(
      (letter) =>
        BigInt(letter.offset ?? '0') >= from &&
        allowed(letter, access) &&
        (query.consumer === undefined ||
          letter.headers[DEAD_LETTER_HEADERS.consumer] === query.consumer) &&
        (query.sourceTopic === undefined ||
          letter.headers[DEAD_LETTER_HEADERS.sourceTopic] === query.sourceTopic),
    );
    const page = matching.slice(0, query.limit);
    const items = await Promise.all(page.map((letter) => this.view(letter)));
    const more = matching.length > page.length;
    return { items, next: more ? String(BigInt(page.at(-1)!.offset ?? '0') + 1n) : null };
  }

  /** @throws DeadLettersError `DEAD_LETTER.NOT_FOUND` (also for one the caller may not see). */
  async show(id: string, access: DeadLetterAccess): Promise<DeadLetterView> {
    return this.view(await this.find(id, access));
  }

  /**
   * Publishes the opened payload again to its source topic, once: a second call answers the
   * first call's result. The source consumer drops it if its id was processed since.
   * @throws DeadLettersError `DEAD_LETTER.NOT_FOUND`, `DEAD_LETTER.ERASED`, `DEAD_LETTER.KEY_UNKNOWN`
   */
  replay(id: string, access: DeadLetterAccess): Promise<DeadLetterReplayResult> {
    // One replay at a time in this process: two clicks on the same letter publish it once.
    const replayed = this.replaying.then(() => this.replayOnce(id, access));
    this.replaying = replayed.catch(() => undefined);
    return replayed;
  }

  /** Every dead letter of the topic sealed with a key, each opened (for the erasure). */
  async sealedLetters(): Promise<{ readonly keyId: string; readonly opened: OpenedDeadLetter }[]> {
    const ranges = await this.bus.partitionRanges(this.topic);
    const sealed = [];
    for (const { partition } of ranges) {
      for (const letter of await this.records(partition)) {
        const keyId = letter.headers[DEAD_LETTER_HEADERS.keyId];
        if (keyId !== undefined) sealed.push({ keyId, opened: await this.vault.open(letter) });
      }
    }
    return sealed;
  }

  private async replayOnce(id: string, access: DeadLetterAccess): Promise<DeadLetterReplayResult> {
    const letter = await this.find(id, access);
    const recorded = await this.keys.replayOf(this.replayKey(letter));
    if (recorded) return { id, topic: recorded.topic, replayedAt: recorded.replayedAt };
    const opened = await this.vault.open(letter);
    if (opened.sealing === 'erased') {
      throw new DeadLettersError(
        'DEAD_LETTER.ERASED',
        `dead letter ${id} was erased (${opened.erasedAt}): its payload is gone, nothing to replay`,
      );
    }
    if (opened.sealing === 'key-unknown') {
      throw new DeadLettersError(
        'DEAD_LETTER.KEY_UNKNOWN',
        `dead letter ${id} is sealed under a key this hub does not hold (expired, or another hub's)`,
      );
    }
    const target = letter.headers[DEAD_LETTER_HEADERS.sourceTopic];
    if (!target) {
      throw new DeadLettersError('DEAD_LETTER.INVALID', `dead letter ${id} names no source topic`);
    }
    const headers = Object.fromEntries(
      Object.values(CLOUD_EVENT_HEADERS).flatMap((name) => {
        const value = letter.headers[name];
        return value === undefined ? [] : [[name, value] as const];
      }),
    );
    await this.bus.publish(target, [
      {
        key: letter.key,
        headers: { ...headers, ...opened.content.headers },
        value: opened.content.value,
      },
    ]);
    const stored = await this.keys.recordReplay({
      deadLetter: this.replayKey(letter),
      topic: target,
      replayedAt: this.now().toISOString(),
    });
    return { id, topic: stored.topic, replayedAt: stored.replayedAt };
  }

  private async find(id: string, access: DeadLetterAccess): Promise<Message> {
    const match = ID.exec(id);
    const notFound = new DeadLettersError(
      'DEAD_LETTER.NOT_FOUND',
      `no dead letter ${id.slice(0, 40)} on ${this.topic}`,
    );
    if (!match) throw notFound;
    const offset = match[2]!;
    const letter = (await this.records(Number(match[1]))).find((r) => r.offset === offset);
    if (!letter || !allowed(letter, access)) throw notFound;
    return letter;
  }

  private async view(letter: Message): Promise<DeadLetterView> {
    const [opened, replay] = await Promise.all([
      this.vault.open(letter),
      this.keys.replayOf(this.replayKey(letter)),
    ]);
    return deadLetterView(letter, opened, replay);
  }

  private replayKey(letter: Message): string {
    return `${this.topic}/${letter.partition ?? 0}/${letter.offset ?? ''}`;
  }

  /** The partition's retained records, the cache topped up from the topic first. */
  private records(partition: number): Promise<Message[]> {
    const read = this.reading.then(() => this.topUp(partition));
    this.reading = read.catch(() => undefined);
    return read;
  }

  private async topUp(partition: number): Promise<Message[]> {
    const range = (await this.bus.partitionRanges(this.topic)).find(
      (r) => r.partition === partition,
    );
    if (!range) return [];
    const cached = this.cache.get(partition) ?? { records: [], next: 0n };
    const low = BigInt(range.low);
    const high = BigInt(range.high);
    if (cached.next < high) {
      const from = cached.next > low ? cached.next : low;
      const read = await this.bus.readRange(this.topic, partition, String(from), String(high));
      cached.records.push(...read);
      cached.next = high;
    }
    // What the topic's retention deleted is gone here too.
    cached.records = cached.records.filter((r) => BigInt(r.offset ?? '0') >= low);
    this.cache.set(partition, cached);
    return cached.records;
  }
}

function allowed(letter: Message, access: DeadLetterAccess): boolean {
  if (access.sourceTopics === null) return true;
  const source = letter.headers[DEAD_LETTER_HEADERS.sourceTopic];
  return source !== undefined && access.sourceTopics.includes(source);
}
