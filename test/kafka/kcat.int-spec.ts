/**
 * A message produced by kafkajs with CloudEvents "binary mode" Kafka headers (ce_*, content-type)
 * is read back by kcat, an independent client (librdkafka): the headers and the JSON payload
 * must come out as they went in. kcat is the Debian package `kcat` (apt-get install -y kcat).
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Partitioners, type Admin, type Kafka } from 'kafkajs';
import { createTopicAndWait, describeKafka, testKafka, uniqueName } from './kafka-test-env';

const execFileAsync = promisify(execFile);

const kcatProbe = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
const kcatOk = kcatProbe.status === 0;

/** kcat -f '%h': headers as "name=value" pairs separated by commas. */
function parseKcatHeaders(csv: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of csv.split(',')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1);
  }
  return out;
}

describeKafka(
  'kcat reads what kafkajs wrote (CloudEvents headers)',
  (brokers) => {
    const run = uniqueName('run');
    const topic = `maillage.test.kcat.${run}`;
    let kafka: Kafka;
    let admin: Admin;

    beforeAll(async () => {
      kafka = testKafka(brokers, `maillage-test-${run}`);
      admin = kafka.admin();
      await admin.connect();
      await createTopicAndWait(admin, topic, 1);
    });

    afterAll(async () => {
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
      await admin.disconnect();
    });

    it('sees the ce_* headers, content-type, key and JSON payload', async () => {
      const ceId = randomUUID();
      const ceTime = new Date().toISOString();
      const key = 'commune:35238';
      const data = {
        requestId: ceId,
        commune: { insee: '35238', name: 'Rennes' },
        kind: 'voirie.nid-de-poule',
        description: 'Nid de poule rue de l’Alma — près du n° 12',
        status: 'received',
      };
      const headers = {
        ce_specversion: '1.0',
        ce_id: ceId,
        ce_type: 'fr.maillage.service-request.received.v1',
        ce_source: '/maillage/hub/test',
        ce_time: ceTime,
        'content-type': 'application/json',
      };

      const producer = kafka.producer({
        idempotent: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: [{ key, value: JSON.stringify(data), headers }],
        });
      } finally {
        await producer.disconnect();
      }

      const { stdout } = await execFileAsync(
        'kcat',
        [
          '-C',
          '-b',
          brokers.join(','),
          '-t',
          topic,
          '-o',
          'beginning',
          '-e',
          '-q',
          '-f',
          '%k|%h|%s\n',
        ],
        { timeout: 30_000, encoding: 'utf8' },
      );
      const lines = stdout.split('\n').filter((l) => l.length > 0);
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      const [gotKey, gotHeaders, ...payload] = line.split('|');
      expect(gotKey).toBe(key);
      expect(parseKcatHeaders(gotHeaders!)).toEqual(headers);
      expect(JSON.parse(payload.join('|'))).toEqual(data);
    }, 60_000);
  },
  [
    {
      ok: kcatOk,
      reason: `kcat is not installed (Debian: apt-get install -y kcat): ${
        kcatProbe.error?.message ?? kcatProbe.stderr?.trim() ?? 'kcat -V failed'
      }`,
    },
  ],
);
