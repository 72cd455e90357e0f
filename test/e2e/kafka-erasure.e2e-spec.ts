/**
 * Issue 7 on Kafka: what the hub writes to Kafka is out of an erasure's reach (a record cannot be
 * rewritten), so erased citizens must leave nothing there to find. 200 synthetic citizens file —
 * through the HTTP API, through Gien's in-topic, and some first with a filing that is
 * dead-lettered — the dispatcher delivers, 60 are erased; then every topic the hub uses is read
 * from its beginning with a plain kafkajs consumer and searched byte by byte. The others' contacts
 * stay readable by the authorities that handle their requests, through the claim check; the
 * dead letters are sealed, and those of the erased stay unreadable.
 */
import type { Kafka } from 'kafkajs';
import request from 'supertest';
import { Connectors } from '@maillage/connectors';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { KafkaMessageBus } from '@maillage/messaging';
import { RequestIds } from '@maillage/service-requests';
import { describeKafka, testKafka, uniqueName } from '../kafka/kafka-test-env';

const ADMIN = 'mla_kafka-erasure-e2e-admin-token-0123456789';
const CITIZENS = 200;
/** 0–2: files over HTTP; 3: through Gien's in-topic; 4: a dead-lettered filing first, then that. */
const channelOf = (index: number) => (index % 5 <= 2 ? 'http' : index % 5 === 3 ? 'kafka' : 'dlq');
/** 60 erased, 20 of each kind of filing. */
const isErased = (index: number) => [2, 3, 4].includes(index % 10);

interface Citizen {
  readonly index: number;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly address: string;
  readonly externalId: string;
  requestId: string;
}

interface Dumped {
  readonly topic: string;
  readonly headers: Record<string, string>;
  /** Key, header values and value, as Kafka stores them: what a search of the topic reads. */
  readonly bytes: Buffer;
}

/** Every record of `topics` from their first retained offset to their end, read without the hub. */
async function dumpTopics(kafka: Kafka, topics: readonly string[]): Promise<Dumped[]> {
  const admin = kafka.admin();
  await admin.connect();
  const pending = new Map<string, number>();
  try {
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (Number(high) > Number(low)) pending.set(`${topic}/${partition}`, Number(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) return [];
  const records: Dumped[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('k7-dump') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('topic dump did not reach the end')), 60_000);
      void consumer.run({
        eachMessage: ({ topic, partition, message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          records.push({
            topic,
            headers,
            bytes: Buffer.concat([
              message.key ?? Buffer.alloc(0),
              Buffer.from(JSON.stringify(headers)),
              message.value ?? Buffer.alloc(0),
            ]),
          });
          const end = pending.get(`${topic}/${partition}`);
          if (end !== undefined && Number(message.offset) + 1 >= end) {
            pending.delete(`${topic}/${partition}`);
          }
          if (pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The values of `citizens` found in `records`, as `<topic> <index>` (never the value itself). */
function plaintextIn(records: readonly Dumped[], citizens: readonly Citizen[]): string[] {
  const found: string[] = [];
  for (const c of citizens) {
    const values = [c.name, c.email, c.phone, c.address].map((v) => Buffer.from(v, 'utf8'));
    for (const record of records) {
      if (values.some((value) => record.bytes.includes(value))) {
        found.push(`${record.topic} ${c.index}`);
      }
    }
  }
  return found;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 90_000;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = await read();
  }
  return value;
}

describeKafka('erasure and Kafka: no plaintext of an erased citizen in any topic', (brokers) => {
  const run = uniqueName('k7')
    .replace(/[^a-z0-9]/g, '')
    .slice(-8);
  /** Two digits of this run, so that another run's phones (in the shared DLQ) differ. */
  const runDigits = String(parseInt(run, 36) % 100).padStart(2, '0');
  const ids = { gien: `gien-${run}`, loiret: `loiret-${run}`, ccg: `ccg-${run}` };
  const eventsTopic = uniqueName('maillage.events.k7');
  const topics = [
    eventsTopic,
    ...Object.values(ids).flatMap((id) => [`maillage.in.${id}.v1`, `maillage.out.${id}.v1`]),
    'maillage.dlq.v1',
  ];
  const citizens: Citizen[] = Array.from({ length: CITIZENS }, (_, index) => {
    const pad = String(index).padStart(4, '0');
    return {
      index,
      name: `Usager${run} ${pad} Kafka`,
      email: `usager.${run}.${pad}@example.org`,
      phone: `+33 6 ${runDigits} ${pad.slice(0, 2)} ${pad.slice(2)} 42`,
      address: `${pad} allée ${run} des Peupliers, 45500 Gien`,
      externalId: `K7-${run}-${pad}`,
      requestId: '',
    };
  });
  const erased = citizens.filter((c) => isErased(c.index));
  const kept = citizens.filter((c) => !isErased(c.index));
  let hub: TestHub;
  let bus: KafkaMessageBus;
  let kafka: Kafka;
  const http = () => request(hub.app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN}` };

  const nativeFiling = (c: Citizen, valid: boolean) => ({
    key: c.externalId,
    headers: { maillage_kind: 'filing', ce_id: `${c.externalId}-${valid ? 'ok' : 'bad'}` },
    value: Buffer.from(
      JSON.stringify({
        numeroDemande: c.externalId,
        canal: 'GUICHET',
        categorie: 'ROUTE_DEPARTEMENTALE',
        // The dead-lettered one lacks its description: DIALECT.REQUIRED, at once.
        ...(valid ? { objet: `Nid-de-poule, dossier ${c.externalId}` } : {}),
        lieu: { codeInsee: '45155' },
        demandeur: { nom: c.name, courriel: c.email, telephone: c.phone, adresse: c.address },
      }),
    ),
  });

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: eventsTopic,
      MAILLAGE_KAFKA_CLIENT_ID: `k7-${run}`,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_KAFKA_IN_PURGE_SECONDS: '1',
    });
    kafka = testKafka(brokers, `k7-${run}-test`);
    bus = new KafkaMessageBus({ brokers, clientId: `k7-${run}-tool` });
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
    // Not involved in a departmental road: it must read none of these contacts.
    await connectors.register({
      id: ids.ccg,
      authority: 'epci:244500211',
      name: 'CC Giennoises',
      dialect: 'epci-v1',
    });
    // The gateway creates in-topics as it follows new connectors; a tool may write first.
    await bus.ensureTopics(
      Object.values(ids).map((id) => ({
        name: `maillage.in.${id}.v1`,
        partitions: 3,
        retentionMs: 7 * 24 * 3600 * 1000,
      })),
    );
    const gien = await hub.keyFor(ids.gien);
    const toInTopic = [];
    for (const c of citizens) {
      if (channelOf(c.index) === 'http') {
        const filed = await http()
          .post('/v1/requests')
          .set(gien)
          .send({
            source: { externalId: c.externalId },
            channel: 'web',
            category: 'roads.departmental',
            description: `Nid-de-poule, dossier ${c.externalId}`,
            location: { inseeCode: '45155' },
            citizen: { name: c.name, email: c.email, phone: c.phone, address: c.address },
          })
          .expect(201);
        c.requestId = (filed.body as { id: string }).id;
      } else {
        if (channelOf(c.index) === 'dlq') toInTopic.push(nativeFiling(c, false));
        toInTopic.push(nativeFiling(c, true));
        c.requestId = hub.app.get(RequestIds).forExternalRequest('commune:45155', c.externalId);
      }
    }
    await bus.publish(`maillage.in.${ids.gien}.v1`, toInTopic);
    // Every request delivered to Loiret, which handles them all.
    await until(
      "Loiret's 200 filings on its out-topic",
      () => dumpTopics(kafka, [`maillage.out.${ids.loiret}.v1`]),
      (records) =>
        records.filter((r) => r.headers['ce_maillageeventtype'] === 'RequestFiled').length ===
        CITIZENS,
    );
    for (const [n, c] of erased.entries()) {
      await http()
        .post('/v1/citizens/erasure')
        .set(admin)
        .send({
          contact: c.email,
          legalBasis: 'rgpd_art17_1b',
          requester: `DPO commune:45155, demande RGPD-K7-${n}`,
        })
        .expect(200);
    }
  }, 240_000);

  afterAll(async () => {
    await bus?.close();
    await hub?.close();
  });

  it("sends Loiret each filing without the contact, with the claim check's path", async () => {
    const filings = (await dumpTopics(kafka, [`maillage.out.${ids.loiret}.v1`])).filter(
      (r) => r.headers['ce_maillageeventtype'] === 'RequestFiled',
    );
    expect(filings).toHaveLength(CITIZENS);
    const claimed = new Set(filings.map((r) => r.headers['ce_maillagepersonaldata']));
    expect(claimed).toEqual(
      new Set(citizens.map((c) => `/v1/requests/${c.requestId}/personal-data`)),
    );
  });

  it('deletes from the in-topic what the gateway committed', async () => {
    const inTopic = `maillage.in.${ids.gien}.v1`;
    const offsets = await until(
      'the purge of the in-topic',
      async () => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          return await admin.fetchTopicOffsets(inTopic);
        } finally {
          await admin.disconnect();
        }
      },
      (partitions) => partitions.every((p) => p.low === p.high),
    );
    // It held the tools' filings (with their contacts): they were there, and are gone.
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(
      citizens.filter((c) => channelOf(c.index) !== 'http').length +
        citizens.filter((c) => channelOf(c.index) === 'dlq').length,
    );
  });

  it('leaves no value of an erased citizen, nor any contact outside the in-topics and dead letters', async () => {
    const records = await dumpTopics(kafka, topics);
    const byTopic = (topic: string) => records.filter((r) => r.topic === topic);
    expect(byTopic(eventsTopic).length).toBeGreaterThanOrEqual(CITIZENS * 2);
    const hubTopics = records.filter((r) => r.topic !== 'maillage.dlq.v1');
    expect(plaintextIn(hubTopics, erased)).toEqual([]);
    // The events and out-topics never carried anyone's contact: nothing to erase there.
    expect(plaintextIn(hubTopics, kept)).toEqual([]);
    expect(records.flatMap((r) => Object.keys(r.headers))).not.toContain('maillage_kind');
  }, 120_000);

  it('leaves no value of any citizen in the dead letters, and erases the dead letters of the erased', async () => {
    const dlq = (await dumpTopics(kafka, ['maillage.dlq.v1'])).filter(
      (r) => r.headers['maillage_dlq_source_topic'] === `maillage.in.${ids.gien}.v1`,
    );
    const dlqCitizens = citizens.filter((c) => channelOf(c.index) === 'dlq');
    expect(dlq).toHaveLength(dlqCitizens.length);
    // Sealed: no plaintext of anyone, erased or not, and the reason in clear.
    expect(plaintextIn(dlq, citizens)).toEqual([]);
    expect(dlq.every((r) => r.headers['maillage_dlq_alg'] === 'A256GCM')).toBe(true);
    expect(new Set(dlq.map((r) => r.headers['maillage_dlq_error_code']))).toEqual(
      new Set(['CONNECTOR.PAYLOAD_INVALID']),
    );
    // Through the hub: the kept citizens' dead letters open, the erased ones' are gone for good.
    const listed = (
      await http()
        .get('/v1/dead-letters')
        .query({ sourceTopic: `maillage.in.${ids.gien}.v1`, limit: 100 })
        .set(admin)
        .expect(200)
    ).body as { items: { sealing: string; payload: unknown; key: string }[] };
    expect(listed.items).toHaveLength(dlqCitizens.length);
    const byKey = new Map(listed.items.map((item) => [item.key, item]));
    for (const c of dlqCitizens) {
      const item = byKey.get(c.externalId)!;
      if (isErased(c.index)) {
        expect(item).toMatchObject({ sealing: 'erased', payload: '[effacé]' });
      } else {
        expect(item.sealing).toBe('sealed');
        expect(item.payload).toMatchObject({ demandeur: { courriel: c.email } });
      }
    }
  }, 120_000);

  it("answers a kept citizen's contact to the authorities that handle the request, and to no other", async () => {
    const loiret = await hub.keyFor(ids.loiret, ['subscribe']);
    const gien = await hub.keyFor(ids.gien, ['subscribe']);
    const ccg = await hub.keyFor(ids.ccg, ['subscribe', 'ingest']);
    for (const c of kept) {
      const path = `/v1/requests/${c.requestId}/personal-data`;
      const answer = (await http().get(path).set(loiret).expect(200)).body as unknown;
      expect(answer).toEqual({
        requestId: c.requestId,
        subjectId: expect.any(String) as string,
        erased: false,
        contact: { name: c.name, email: c.email, phone: c.phone, address: c.address },
      });
      if (c.index % 10 === 0) {
        await http().get(path).set(gien).expect(200);
        await http().get(path).set(ccg).expect(404);
      }
    }
    // The ingest scope alone does not read contacts.
    const ingestOnly = await hub.keyFor(ids.loiret, ['ingest']);
    await http()
      .get(`/v1/requests/${kept[0]!.requestId}/personal-data`)
      .set(ingestOnly)
      .expect(403);
  }, 120_000);

  it("answers an erased citizen's contact as erased", async () => {
    const loiret = await hub.keyFor(ids.loiret, ['subscribe']);
    for (const c of erased) {
      const answer = (
        await http().get(`/v1/requests/${c.requestId}/personal-data`).set(loiret).expect(200)
      ).body as { erased: boolean; contact: Record<string, string> };
      expect(answer).toMatchObject({
        erased: true,
        contact: { name: '[effacé]', email: '[effacé]', phone: '[effacé]', address: '[effacé]' },
      });
    }
  }, 60_000);
});
