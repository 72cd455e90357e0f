import { randomUUID } from 'node:crypto';

import type { Admin, Kafka } from 'kafkajs';

import type { Message } from '../message';
import type { PartitionRange } from '../reading/topic-reader.port';
import { fromKafkaMessage } from './kafka-message-mapping';

/** Longest a range read may take before it gives up (the broker is then likely unreachable). */
const READ_TIMEOUT_MS = 60_000;

/** Each partition's retained offsets, through the admin client. */
export async function kafkaPartitionRanges(admin: Admin, topic: string): Promise<PartitionRange[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map(({ partition, low, high }) => ({ partition, low, high }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Reads `[from, until)` of one partition. kafkajs has no group-less fetch: this joins a
 * throwaway group of its own (never committed, so the broker forgets it once it is empty) and
 * seeks. Joining costs the broker's `group.initial.rebalance.delay.ms` (3 s by default) once per
 * read: fine for an operator's tool, not for a hot path.
 */
export async function readKafkaRange(
  kafka: Kafka,
  groupPrefix: string,
  topic: string,
  partition: number,
  range: { readonly from: bigint; readonly until: bigint },
): Promise<Message[]> {
  if (range.until <= range.from) return [];
  const consumer = kafka.consumer({
    groupId: `${groupPrefix}.range-reader.${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
  });
  const records: Message[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic}[${partition}] did not reach its end in time`)),
        READ_TIMEOUT_MS,
      );
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        clearTimeout(timer);
        reject(payload.error);
      });
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition: from, message }) => {
            const offset = BigInt(message.offset);
            if (from !== partition || offset < range.from || offset >= range.until) {
              return Promise.resolve();
            }
            records.push(fromKafkaMessage(topic, partition, message));
            if (offset + 1n >= range.until) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .then(() => consumer.seek({ topic, partition, offset: String(range.from) }))
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
