import { execFileSync, spawnSync } from 'node:child_process';
import request from 'supertest';
import { KafkaMessageBus, type Message, fromCloudEventMessage } from '@maillage/messaging';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { describeKafka, inCi, uniqueName } from '../kafka/kafka-test-env';

const kcatInstalled = spawnSync('kcat', ['-V']).status === 0;

describeKafka('filing over HTTP publishes the event on Kafka (hub with the relay)', (brokers) => {
  let hub: TestHub;
  let bus: KafkaMessageBus;
  const topic = uniqueName('maillage.events.e2e');

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: topic,
    });
    bus = new KafkaMessageBus({ brokers, clientId: 'maillage-e2e-reader' });
  });
  afterAll(async () => {
    await bus.close();
    await hub.close();
  });

  it('puts RequestFiled and RequestRouted on the events topic as CloudEvents keyed by the request', async () => {
    const filed = await request(hub.app.getHttpServer())
      .post('/v1/requests')
      .set(await hub.keyFor('gien-grc'))
      .send({
        source: { externalId: 'GIEN-KAFKA-1' },
        channel: 'counter',
        category: 'roads.departmental',
        description: 'Nid-de-poule sur la RD 940',
        location: { inseeCode: '45155' },
        citizen: {
          name: 'Camille Martin',
          email: 'camille.martin@example.org',
          phone: '+33 6 12 34 56 78',
        },
      })
      .expect(201);
    const id = filed.body.id as string;

    const received: Message[] = [];
    const consumer = await bus.consume({
      groupId: uniqueName('e2e'),
      topics: [topic],
      fromBeginning: true,
      handle: async (message) => {
        received.push(message);
      },
    });
    const deadline = Date.now() + 30_000;
    while (received.length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await consumer.stop();

    expect(received.map((m) => m.headers['ce_type'])).toEqual([
      'fr.maillage.request.request-filed.v1',
      'fr.maillage.request.request-routed.v1',
    ]);
    for (const message of received) {
      expect(message.key).toBe(id);
      expect(message.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_subject: id,
        'content-type': 'application/json',
      });
      expect(message.headers['ce_source']).toBeTruthy();
      expect(Date.parse(message.headers['ce_time']!)).not.toBeNaN();
      const headers = JSON.stringify(message.headers);
      for (const secret of ['Camille', 'camille.martin', '12 34 56 78'])
        expect(headers).not.toContain(secret);
      // Nor in the value: the events topic carries the personal part sealed, as stored.
      expect(message.value!.toString()).not.toMatch(/Camille|camille|12 34 56 78/);
    }
    const events = received.map((m) => fromCloudEventMessage(m));
    expect(events[0]).toMatchObject({
      type: 'RequestFiled',
      streamId: `request-${id}`,
      revision: 0,
    });
    expect(events[1]!.data).toMatchObject({ targets: ['departement:45'] });
    expect(events[0]!.personal).toMatchObject({ subjectId: expect.any(String), alg: 'A256GCM' });

    if (!kcatInstalled) {
      if (inCi()) throw new Error('kcat is required under CI (apt-get install kcat)');
      return;
    }
    // A client that is not ours reads the same records, headers and JSON payload.
    const out = execFileSync(
      'kcat',
      ['-C', '-b', brokers[0]!, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k|%h|%s\\n'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const [key, headers, ...payload] = line.split('|');
      expect(key).toBe(id);
      expect(headers).toContain('ce_specversion=1.0');
      expect(headers).toContain('ce_type=fr.maillage.request.');
      expect(JSON.parse(payload.join('|'))).toHaveProperty('data.requestId', id);
    }
  });
});
