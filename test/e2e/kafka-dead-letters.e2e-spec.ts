/**
 * The Kafka dead letters of a tool's in-topic, end to end: a comment on a request the hub does
 * not know yet is dead-lettered sealed — nothing of the payload in clear on maillage.dlq.v1 —
 * the admin API shows it opened with its reason, a replay once the request exists gets it
 * processed once (a second replay answers the first result and publishes nothing), and another
 * authority's tool neither sees nor replays it.
 */
import request from 'supertest';
import { Connectors } from '@maillage/connectors';
import type { EventStore } from '@maillage/event-store';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { KafkaMessageBus, type Message } from '@maillage/messaging';
import { EVENT_STORE, RequestIds } from '@maillage/service-requests';
import { describeKafka, uniqueName } from '../kafka/kafka-test-env';

const ADMIN = 'mla_kafka-dead-letters-e2e-admin-token-01234';

interface Listed {
  readonly items: {
    readonly id: string;
    readonly sealing: string;
    readonly code: string;
    readonly reason: string;
    readonly key: string;
    readonly payload: unknown;
    readonly headers: Record<string, string>;
    readonly source: { readonly topic: string };
    readonly replay: unknown;
  }[];
  readonly next: string | null;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 60_000;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = await read();
  }
  return value;
}

describeKafka('Kafka dead letters: sealed, inspected, replayed once, isolated', (brokers) => {
  const run = uniqueName('dl')
    .replace(/[^a-z0-9]/g, '')
    .slice(-8);
  const ids = { gien: `gien-dl-${run}`, loiret: `loiret-dl-${run}` };
  const gienIn = `maillage.in.${ids.gien}.v1`;
  const externalId = `DL-${run}-0001`;
  /** In the dead-lettered payload only: its absence from the topic shows the seal. */
  const marker = `Commentaire scellé ${run} du dossier`;
  let hub: TestHub;
  let bus: KafkaMessageBus;
  const http = () => request(hub.app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN}` };
  const dlqOf = () =>
    http()
      .get('/v1/dead-letters')
      .query({ sourceTopic: gienIn })
      .set(admin)
      .expect(200)
      .then((answer) => answer.body as Listed);

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: uniqueName('maillage.events.dl'),
      MAILLAGE_KAFKA_CLIENT_ID: `dl-${run}`,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_ADMIN_TOKEN: ADMIN,
    });
    bus = new KafkaMessageBus({ brokers, clientId: `dl-${run}-tool` });
    const connectors = hub.app.get(Connectors);
    await connectors.register({
      id: ids.gien,
      authority: 'commune:45155',
      name: 'Gien',
      dialect: 'commune-v1',
    });
    await connectors.register({
      id: ids.loiret,
      authority: 'departement:45',
      name: 'Loiret',
      dialect: 'departement-v1',
    });
    await bus.ensureTopics([{ name: gienIn, partitions: 3, retentionMs: 24 * 3600 * 1000 }]);
    // A comment on a request Gien's tool has not filed yet: CONNECTOR.REQUEST_NOT_FOUND.
    await bus.publish(gienIn, [
      {
        key: externalId,
        headers: {
          maillage_kind: 'update',
          maillage_reference: externalId,
          ce_id: `${externalId}-c1`,
        },
        value: Buffer.from(
          JSON.stringify({
            action: 'COMMENTAIRE',
            numeroDemande: externalId,
            commentaire: marker,
            interne: false,
            dateAction: '01/12/2026 11:00',
          }),
        ),
      },
    ]);
    await until('the dead letter', dlqOf, (listed) => listed.items.length === 1);
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await hub?.close();
  });

  it('seals it: no payload nor tool header in clear on maillage.dlq.v1, the reason in clear', async () => {
    const records: Message[] = [];
    const reader = await bus.consume({
      groupId: uniqueName('dl-dump'),
      topics: ['maillage.dlq.v1'],
      fromBeginning: true,
      handle: (message) => {
        if (message.headers['maillage_dlq_source_topic'] === gienIn) records.push(message);
        return Promise.resolve();
      },
    });
    try {
      await until(
        'the dump',
        () => Promise.resolve(records.length),
        (n) => n >= 1,
      );
    } finally {
      await reader.stop();
    }
    expect(records).toHaveLength(1);
    const [letter] = records;
    const bytes = Buffer.concat([
      Buffer.from(JSON.stringify(letter!.headers)),
      letter!.value ?? Buffer.alloc(0),
    ]).toString('utf8');
    for (const clear of [marker, 'COMMENTAIRE', 'commentaire', 'numeroDemande', 'maillage_kind']) {
      expect(bytes).not.toContain(clear);
    }
    expect(letter!.headers).toMatchObject({
      maillage_dlq_alg: 'A256GCM',
      maillage_dlq_error_code: 'CONNECTOR.REQUEST_NOT_FOUND',
      maillage_dlq_source_topic: gienIn,
      ce_id: `${externalId}-c1`,
    });
    expect(letter!.key).toBe(externalId);
  });

  it('shows it opened, with its reason, to the admin and to the tool whose in-topic it came from', async () => {
    const [item] = (await dlqOf()).items;
    expect(item).toMatchObject({
      sealing: 'sealed',
      code: 'CONNECTOR.REQUEST_NOT_FOUND',
      key: externalId,
      source: { topic: gienIn },
      headers: {
        maillage_kind: 'update',
        maillage_reference: externalId,
        ce_id: `${externalId}-c1`,
      },
      payload: { action: 'COMMENTAIRE', commentaire: marker },
      replay: null,
    });
    expect(item!.reason).toContain(externalId);
    const gien = await hub.keyFor(ids.gien, ['admin']);
    await http().get(`/v1/dead-letters/${item!.id}`).set(gien).expect(200);
    const own = (await http().get('/v1/dead-letters').set(gien).expect(200)).body as Listed;
    expect(own.items.map((i) => i.id)).toEqual([item!.id]);
  });

  it("hides it from another authority's tool: 403 by connector, 404 by id, nothing replayed", async () => {
    const [item] = (await dlqOf()).items;
    const loiret = await hub.keyFor(ids.loiret, ['admin', 'ingest', 'subscribe', 'audit']);
    await http().get('/v1/dead-letters').query({ connector: ids.gien }).set(loiret).expect(403);
    await http().get('/v1/dead-letters').query({ sourceTopic: gienIn }).set(loiret).expect(403);
    const mine = (await http().get('/v1/dead-letters').set(loiret).expect(200)).body as Listed;
    expect(mine.items).toEqual([]);
    await http().get(`/v1/dead-letters/${item!.id}`).set(loiret).expect(404);
    await http().post(`/v1/dead-letters/${item!.id}/replay`).set(loiret).expect(404);
    // Without the admin scope, not even its own.
    const gienIngest = await hub.keyFor(ids.gien, ['ingest']);
    await http().get('/v1/dead-letters').set(gienIngest).expect(403);
    expect(((await dlqOf()).items[0] as { replay: unknown }).replay).toBeNull();
  });

  it('replays it once the cause is fixed: processed once, a second replay answers the first', async () => {
    const [item] = (await dlqOf()).items;
    const gien = await hub.keyFor(ids.gien, ['ingest', 'admin']);
    await http()
      .post('/v1/requests')
      .set(gien)
      .send({
        source: { externalId },
        channel: 'web',
        category: 'civil_status.birth_certificate',
        description: 'Nid-de-poule',
        location: { inseeCode: '45155' },
      })
      .expect(201);
    const requestId = hub.app.get(RequestIds).forExternalRequest('commune:45155', externalId);
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const comments = async () =>
      (await store.readStream(`request-${requestId}`)).filter((e) => e.type === 'CommentAdded')
        .length;
    expect(await comments()).toBe(0);

    const first = await http().post(`/v1/dead-letters/${item!.id}/replay`).set(gien).expect(200);
    expect(first.body).toMatchObject({ id: item!.id, topic: gienIn });
    await until('the replayed comment', comments, (n) => n >= 1);
    const second = await http().post(`/v1/dead-letters/${item!.id}/replay`).set(admin).expect(200);
    expect(second.body).toEqual(first.body);
    // Time for a second copy to be processed, had one been published.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await comments()).toBe(1);
    const shown = (await http().get(`/v1/dead-letters/${item!.id}`).set(admin).expect(200))
      .body as { replay: unknown };
    expect(shown.replay).toEqual({
      topic: gienIn,
      replayedAt: (first.body as { replayedAt: string }).replayedAt,
    });
  }, 90_000);
});
