/**
 * The README's back office: `deploy/examples/back-office-consumer.js`, plain kafkajs and no
 * Maillage code, reads Loiret's out-topic on the real broker and gets, in order, the request Gien
 * filed about a departmental road — without the citizen's contact, which it reads from the hub at
 * the path the message names.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { Connectors } from '@maillage/connectors';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { describeKafka, uniqueName } from '../kafka/kafka-test-env';

describeKafka('a back office on its out-topic with plain kafkajs', (brokers) => {
  let hub: TestHub;
  const run = uniqueName('bo')
    .replace(/[^a-z0-9]/g, '')
    .slice(-8);

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: uniqueName('maillage.events.bo'),
      MAILLAGE_KAFKA_CLIENT_ID: `bo-${run}`,
      MAILLAGE_DEMO_CONNECTORS: 'off',
    });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('receives the filing then the routing, in its dialect, keyed by the request', async () => {
    const connectors = hub.app.get(Connectors);
    await connectors.register({
      id: `gien-${run}`,
      authority: 'commune:45155',
      name: 'Gien',
      dialect: 'commune-v1',
    });
    await connectors.register({
      id: `loiret-${run}`,
      authority: 'departement:45',
      name: 'Loiret',
      dialect: 'departement-v1',
    });
    const filed = await request(hub.app.getHttpServer())
      .post('/v1/requests')
      .set(await hub.keyFor(`gien-${run}`))
      .send({
        source: { externalId: `BO-${run}` },
        channel: 'counter',
        category: 'roads.departmental',
        description: 'Nid-de-poule sur la RD 940',
        location: { inseeCode: '45155' },
        citizen: { name: 'Camille Martin', email: 'camille.martin@example.org' },
      })
      .expect(201);
    const requestId = (filed.body as { id: string }).id;

    const lines = await new Promise<string[]>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(__dirname, '../../deploy/examples/back-office-consumer.js')],
        {
          env: {
            ...process.env,
            KAFKA_BROKERS: brokers.join(','),
            CONNECTOR: `loiret-${run}`,
            MAX_MESSAGES: '2',
          },
        },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no two messages within 40 s; got: ${out}`));
      }, 40_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out.trim().split('\n'));
        else reject(new Error(`exit ${code}: ${out}`));
      });
    });
    const messages = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(messages.map((m) => [m['request'], m['event']])).toEqual([
      [requestId, 'RequestFiled'],
      [requestId, 'RequestRouted'],
    ]);
    expect(messages[0]!['type']).toMatch(/^fr\.maillage\.dialect\.departement-v1\./);
    expect(JSON.stringify(messages[0]!['body'])).toContain(requestId);
    // Kafka keeps the filing for a week: no contact in it, the claim check instead.
    expect(lines.join('\n')).not.toMatch(/camille|martin/i);
    expect(messages[0]!['personalData']).toBe(`/v1/requests/${requestId}/personal-data`);
    expect(messages[1]!['personalData']).toBeUndefined();
    const contact = await request(hub.app.getHttpServer())
      .get(messages[0]!['personalData'] as string)
      .set(await hub.keyFor(`loiret-${run}`, ['subscribe']))
      .expect(200);
    expect(contact.body).toMatchObject({
      requestId,
      erased: false,
      contact: { name: 'Camille Martin', email: 'camille.martin@example.org' },
    });
  }, 60_000);
});
