import { Partitioners } from 'kafkajs';

import { partitionForKey } from './murmur2-partitioner';

describe('partitionForKey', () => {
  // kafkajs' DefaultPartitioner is the Java client's murmur2: the in-process bus must agree with it.
  const kafkaPartitioner = Partitioners.DefaultPartitioner();
  const kafkaPartitionOf = (key: string, partitions: number): number =>
    kafkaPartitioner({
      topic: 't',
      partitionMetadata: Array.from({ length: partitions }, (_, id) => ({
        partitionErrorCode: 0,
        partitionId: id,
        leader: 0,
        replicas: [0],
        isr: [0],
      })),
      message: { key, value: null },
    });

  const keys = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    'abcde',
    'request-0e9c2f47',
    '0e9c2f47-5d0a-4c55-9a0e-1f2b3c4d5e6f',
    'Gien — Loiret (45) é€😀',
    ...Array.from({ length: 200 }, (_, i) => `commune-${i}-${(i * 7919).toString(36)}`),
  ];

  it.each([1, 3, 6, 12])('picks the partition Kafka picks, for %i partitions', (partitions) => {
    for (const key of keys)
      expect(partitionForKey(key, partitions)).toBe(kafkaPartitionOf(key, partitions));
  });

  it('spreads keys over every partition', () => {
    const used = new Set(keys.map((key) => partitionForKey(key, 3)));
    expect([...used].sort()).toEqual([0, 1, 2]);
  });
});
