/**
 * Isolation between authorities: Gien (commune), CC Giennoises (EPCI) and Loiret (département)
 * each own a request, a subscription and a connector; every other authority's key — holding every
 * scope, so that only the authority can be the reason — tries every endpoint that takes an id,
 * with every method. Nothing succeeds (403 or 404 only), nothing changes, and each attempt is a
 * security event naming who tried. The Kafka part sends another authority's request id on a
 * tool's in-topic.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { type ApiKeyScope, Connectors, securityLog } from '@maillage/connectors';
import type { EventStore } from '@maillage/event-store';
import { KafkaMessageBus, type Message } from '@maillage/messaging';
import { EVENT_STORE } from '@maillage/service-requests';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { describeKafka, uniqueName } from '../kafka/kafka-test-env';

const GIEN = 'commune:45155';
const CCG = 'epci:244500211';
const LOIRET = 'departement:45';
const AUTHORITIES = [GIEN, CCG, LOIRET] as const;
const EVERY_SCOPE: ApiKeyScope[] = ['ingest', 'subscribe', 'audit', 'admin'];

/** A category each authority handles alone, in Gien (checked below against the routing). */
const OWN_CATEGORY: Record<string, string> = {
  [GIEN]: 'civil_status.birth_certificate',
  [CCG]: 'waste.collection',
  [LOIRET]: 'social.rsa',
};

interface Owned {
  readonly connectorId: string;
  readonly requestId: string;
  readonly subscriptionId: string;
  readonly headers: Record<string, string>;
}

/** One call of an intruder on an owner's object; null where the pair has nothing to try. */
type Attempt = (http: () => request.Agent, owner: Owned, intruder: Owned) => request.Test | null;

const CHANGE = { to: 'in_progress', raw: { code: 'EN_COURS', label: 'En cours' } };

/** Every endpoint that takes an id, with every method it has. */
const ATTEMPTS: Record<string, Attempt> = {
  'GET /v1/requests/{id}': (http, o, i) => http().get(`/v1/requests/${o.requestId}`).set(i.headers),
  'GET /v1/requests/{id}/events': (http, o, i) =>
    http().get(`/v1/requests/${o.requestId}/events`).set(i.headers),
  'GET /v1/requests?authority=': (http, o, i) =>
    http()
      .get('/v1/requests')
      .query({ authority: authorityOf(o) })
      .set(i.headers),
  'POST /v1/requests/{id}/status': (http, o, i) =>
    http().post(`/v1/requests/${o.requestId}/status`).set(i.headers).send(CHANGE),
  'POST /v1/requests/{id}/comments': (http, o, i) =>
    http().post(`/v1/requests/${o.requestId}/comments`).set(i.headers).send({ text: 'intrus' }),
  'POST /v1/requests/{id}/acknowledgements': (http, o, i) =>
    http()
      .post(`/v1/requests/${o.requestId}/acknowledgements`)
      .set(i.headers)
      .send({ externalReference: 'X-1' }),
  'POST /v1/requests/{id}/transfer': (http, o, i) =>
    http()
      .post(`/v1/requests/${o.requestId}/transfer`)
      .set(i.headers)
      .send({ to: ['commune:45001'], reason: 'prise de contrôle' }),
  'POST /v1/requests/{id}/close': (http, o, i) =>
    http()
      .post(`/v1/requests/${o.requestId}/close`)
      .set(i.headers)
      .send({ outcome: 'resolved', raw: { code: 'CLOS', label: 'Clos' } }),
  'POST /v1/requests/{id}/reopen': (http, o, i) =>
    http().post(`/v1/requests/${o.requestId}/reopen`).set(i.headers).send({ reason: 'intrus' }),
  'POST /v1/requests as the owner (Maillage-Authority)': (http, o, i) =>
    http()
      .post('/v1/requests')
      .set({ ...i.headers, 'Maillage-Authority': authorityOf(o) })
      .send(filing('INTRUS-1', OWN_CATEGORY[authorityOf(o)]!)),
  "POST /v1/connectors/{owner's}/requests": (http, o, i) =>
    http().post(`/v1/connectors/${o.connectorId}/requests`).set(i.headers).send({}),
  "POST /v1/connectors/{owner's}/requests/{ref}/status": (http, o, i) =>
    http()
      .post(`/v1/connectors/${o.connectorId}/requests/${o.requestId}/status`)
      .set(i.headers)
      .send({}),
  "POST /v1/connectors/{own}/requests/{owner's id}/status": (http, o, i) =>
    http()
      .post(`/v1/connectors/${i.connectorId}/requests/${o.requestId}/status`)
      .set(i.headers)
      .send(nativeStatusChange(i, o.requestId)),
  "GET /v1/connectors/{owner's}/feed": (http, o, i) =>
    http().get(`/v1/connectors/${o.connectorId}/feed`).set(i.headers),
  "GET /v1/connectors/{owner's}/webhook-dead-letters": (http, o, i) =>
    http().get(`/v1/connectors/${o.connectorId}/webhook-dead-letters`).set(i.headers),
  "POST /v1/connectors/{owner's}/webhook-dead-letters/{id}/replay": (http, o, i) =>
    http().post(`/v1/connectors/${o.connectorId}/webhook-dead-letters/1/replay`).set(i.headers),
  // The Kafka dead letters: a connector key sees its own in-topic's only (by id: see the Kafka part).
  "GET /v1/dead-letters?connector={owner's}": (http, o, i) =>
    http().get('/v1/dead-letters').query({ connector: o.connectorId }).set(i.headers),
  "GET /v1/dead-letters?sourceTopic={owner's in-topic}": (http, o, i) =>
    http()
      .get('/v1/dead-letters')
      .query({ sourceTopic: `maillage.in.${o.connectorId}.v1` })
      .set(i.headers),
  "POST /v1/connectors/{owner's}/webhook-secrets": (http, o, i) =>
    http().post(`/v1/connectors/${o.connectorId}/webhook-secrets`).set(i.headers).send({}),
  "DELETE /v1/connectors/{owner's}/webhook-secrets/{id}": (http, o, i) =>
    http().delete(`/v1/connectors/${o.connectorId}/webhook-secrets/whs_1`).set(i.headers),
  "GET /v1/connectors/{owner's}": (http, o, i) =>
    http().get(`/v1/connectors/${o.connectorId}`).set(i.headers),
  "PATCH /v1/connectors/{owner's}": (http, o, i) =>
    http().patch(`/v1/connectors/${o.connectorId}`).set(i.headers).send({ name: 'pris' }),
  "POST /v1/connectors/{owner's}/keys": (http, o, i) =>
    http().post(`/v1/connectors/${o.connectorId}/keys`).set(i.headers).send({}),
  "DELETE /v1/connectors/{owner's}/keys/{id}": (http, o, i) =>
    http().delete(`/v1/connectors/${o.connectorId}/keys/abcdefghijkl`).set(i.headers),
  'GET /v1/subscriptions/{id}': (http, o, i) =>
    http().get(`/v1/subscriptions/${o.subscriptionId}`).set(i.headers),
  'DELETE /v1/subscriptions/{id}': (http, o, i) =>
    http().delete(`/v1/subscriptions/${o.subscriptionId}`).set(i.headers),
  'GET /v1/feeds/{id}': (http, o, i) => http().get(`/v1/feeds/${o.subscriptionId}`).set(i.headers),
  // Loiret's territory holds Gien and CC Giennoises, CC Giennoises' holds Gien: following them is
  // their right, not an intrusion.
  'POST /v1/subscriptions on the owner territory': (http, o, i) =>
    authorityOf(i) === LOIRET || (authorityOf(i) === CCG && authorityOf(o) === GIEN)
      ? null
      : http()
          .post('/v1/subscriptions')
          .set(i.headers)
          .send({ territory: authorityOf(o) }),
  // Retention is the hub operator's: no connector key, whatever its scopes, lists or approves.
  'GET /v1/retention/due': (http, _o, i) => http().get('/v1/retention/due').set(i.headers),
  "POST /v1/retention/approvals (the owner's request)": (http, o, i) =>
    http()
      .post('/v1/retention/approvals')
      .set(i.headers)
      .send({ approver: 'intrus', archivesReference: 'X', requestIds: [o.requestId] }),
  'GET /v1/audit/requests/{id}/history': (http, o, i) =>
    http().get(`/v1/audit/requests/${o.requestId}/history`).set(i.headers),
  'GET /v1/audit/requests/{id}/as-of': (http, o, i) =>
    http()
      .get(`/v1/audit/requests/${o.requestId}/as-of`)
      .query({ at: new Date().toISOString() })
      .set(i.headers),
  'GET /v1/audit/authorities/{id}/history': (http, o, i) =>
    http()
      .get(`/v1/audit/authorities/${authorityOf(o)}/history`)
      .set(i.headers),
  'GET /v1/audit/authorities/{id}/as-of': (http, o, i) =>
    http()
      .get(`/v1/audit/authorities/${authorityOf(o)}/as-of`)
      .query({ at: new Date().toISOString() })
      .set(i.headers),
};

const authorities = new Map<Owned, string>();
function authorityOf(owned: Owned): string {
  return authorities.get(owned)!;
}

function filing(externalId: string, category: string): Record<string, unknown> {
  return {
    source: { externalId },
    channel: 'web',
    category,
    description: 'Demande',
    location: { inseeCode: '45155' },
  };
}

/** The documented status-change example of each authority's dialect. */
const STATUS_EXAMPLE: Record<string, string> = {
  [GIEN]: 'commune-v1/examples/update-changement-statut.json',
  [CCG]: 'epci-v1/examples/update-ticket-status-changed.json',
  [LOIRET]: 'departement-v1/examples/update-changement-statut.json',
};

/**
 * A valid status change in the intruder's own dialect, naming the owner's request by its hub id:
 * only the authority can be the reason it is refused.
 */
function nativeStatusChange(intruder: Owned, requestId: string): Record<string, unknown> {
  const example = JSON.parse(
    readFileSync(
      join(__dirname, '../../schemas/dialects', STATUS_EXAMPLE[authorityOf(intruder)]!),
      'utf8',
    ),
  ) as Record<string, unknown>;
  return 'ID_MAILLAGE' in example ? { ...example, ID_MAILLAGE: requestId } : example;
}

describe('isolation between authorities (HTTP)', () => {
  let hub: TestHub;
  const owned: Owned[] = [];
  const http = (): request.Agent => request.agent(hub.app.getHttpServer());

  beforeAll(async () => {
    hub = await createTestHub('sqlite', { MAILLAGE_DEMO_CONNECTORS: 'off' });
    const connectors = hub.app.get(Connectors);
    for (const authority of AUTHORITIES) {
      const headers = await hub.as(authority, EVERY_SCOPE);
      const connectorId = (await connectors.ofAuthority(authority))[0]!.id;
      const filed = await http()
        .post('/v1/requests')
        .set(headers)
        .send(filing(`OWN-${authority}`, OWN_CATEGORY[authority]!))
        .expect(201);
      const subscribed = await http().post('/v1/subscriptions').set(headers).send({}).expect(201);
      const entry: Owned = {
        connectorId,
        requestId: (filed.body as { id: string }).id,
        subscriptionId: (subscribed.body as { subscription: { id: string } }).subscription.id,
        headers,
      };
      authorities.set(entry, authority);
      owned.push(entry);
      // The request involves its owner only: anyone else is a stranger to it.
      const state = await http()
        .get(`/v1/requests/${entry.requestId}`)
        .query({ minRevision: 1 })
        .set(headers)
        .expect(200);
      expect((state.body as { targets: string[] }).targets).toEqual([authority]);
    }
  });
  afterAll(async () => {
    await hub.close();
  });

  it('lets no authority read, change or follow what is not its own: 403 or 404, each logged', async () => {
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const headBefore = await store.headPosition();
    const outcomes: string[] = [];
    let attempts = 0;
    const before = securityLog.recent().length;
    for (const owner of owned) {
      for (const intruder of owned) {
        if (owner === intruder) continue;
        for (const [name, attempt] of Object.entries(ATTEMPTS)) {
          const call = attempt(http, owner, intruder);
          if (call === null) continue;
          const response = await call;
          attempts += 1;
          if (response.status !== 403 && response.status !== 404) {
            outcomes.push(
              `${authorityOf(intruder)} → ${authorityOf(owner)}: ${name} answered ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
            );
          }
        }
      }
    }
    expect(outcomes).toEqual([]);
    expect(attempts).toBe(6 * Object.keys(ATTEMPTS).length - 3);
    // Nothing was recorded.
    expect(await store.headPosition()).toBe(headBefore);
    // Each attempt is a security event naming the intruder's authority.
    const logged = securityLog.recent().slice(before);
    expect(logged).toHaveLength(attempts);
    expect(logged.filter((event) => event.authority === null)).toEqual([]);
    expect(new Set(logged.map((event) => event.outcome))).toEqual(new Set(['forbidden', 'hidden']));
    // …and each is in the security log's own file, apart from the application's logs.
    const files = hub.config.securityLog!;
    const inFiles = readdirSync(files.dir)
      .flatMap((name) => readFileSync(join(files.dir, name), 'utf8').trim().split('\n'))
      .map((line) => (JSON.parse(line) as { securityEvent: { at: string } }).securityEvent);
    const since = logged[0]!.at;
    expect(inFiles.filter((event) => event.at >= since)).toEqual(logged);
  });

  it('still lets each authority use its own', async () => {
    for (const mine of owned) {
      await http().get(`/v1/requests/${mine.requestId}`).set(mine.headers).expect(200);
      await http().get(`/v1/feeds/${mine.subscriptionId}`).set(mine.headers).expect(200);
      await http().get(`/v1/connectors/${mine.connectorId}/feed`).set(mine.headers).expect(200);
      await http()
        .get(`/v1/audit/requests/${mine.requestId}/history`)
        .set(mine.headers)
        .expect(200);
    }
  });
});

describeKafka('isolation between authorities (Kafka in-topics)', (brokers) => {
  let hub: TestHub;
  let bus: KafkaMessageBus;
  const run = uniqueName('iso')
    .replace(/[^a-z0-9]/g, '')
    .slice(-8);
  const http = (): request.Agent => request.agent(hub.app.getHttpServer());

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: uniqueName('maillage.events.iso'),
      MAILLAGE_KAFKA_CLIENT_ID: `iso-${run}`,
      MAILLAGE_DEMO_CONNECTORS: 'off',
    });
    bus = new KafkaMessageBus({ brokers, clientId: `iso-reader-${run}` });
  });
  afterAll(async () => {
    await bus.close();
    await hub.close();
  });

  it("dead-letters a message acting on another authority's request, and logs it", async () => {
    const connectors = hub.app.get(Connectors);
    await connectors.register({
      id: `gien-${run}`,
      authority: GIEN,
      name: 'Gien',
      dialect: 'commune-v1',
    });
    await connectors.register({
      id: `loiret-${run}`,
      authority: LOIRET,
      name: 'Loiret',
      dialect: 'departement-v1',
    });
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.keyFor(`gien-${run}`))
      .send(filing(`KAFKA-OWN-${run}`, OWN_CATEGORY[GIEN]!))
      .expect(201);
    const requestId = (filed.body as { id: string }).id;
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const eventsBefore = (await store.readStream(`request-${requestId}`)).length;

    const dlq: Message[] = [];
    const reader = await bus.consume({
      groupId: uniqueName('iso-dlq'),
      topics: ['maillage.dlq.v1'],
      fromBeginning: true,
      handle: (message) => {
        if (message.headers['maillage_dlq_source_topic'] === `maillage.in.loiret-${run}.v1`) {
          dlq.push(message);
        }
        return Promise.resolve();
      },
    });
    const before = securityLog.recent().length;
    await bus.publish(`maillage.in.loiret-${run}.v1`, [
      {
        key: requestId,
        headers: { maillage_kind: 'update', ce_id: `intrus-${run}` },
        value: Buffer.from(
          JSON.stringify({
            TYPE_MESSAGE: 'ACCUSE_RECEPTION',
            ID_MAILLAGE: requestId,
            ID_DEMANDE: 'D45-2026-0009999',
            DATE_EVENEMENT: '2026-11-30T07:05:00Z',
          }),
        ),
      },
    ]);
    const deadline = Date.now() + 30_000;
    while (dlq.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await reader.stop();
    expect(dlq).toHaveLength(1);
    // Acknowledging is for targets: Loiret is not one (nor involved at all).
    expect(dlq[0]!.headers['maillage_dlq_error_code']).toBe('REQUEST.NOT_A_TARGET');
    expect((await store.readStream(`request-${requestId}`)).length).toBe(eventsBefore);
    const logged = securityLog.recent().slice(before);
    expect(logged).toEqual([
      expect.objectContaining({
        outcome: 'forbidden',
        code: 'REQUEST.NOT_A_TARGET',
        authority: LOIRET,
        attempt: expect.stringContaining(`kafka maillage.in.loiret-${run}.v1`) as string,
      }),
    ]);

    // The dead letter is Loiret's to see and replay: Gien's tool gets 404 by id, 403 by name.
    const id = `${dlq[0]!.partition}-${dlq[0]!.offset}`;
    const gien = await hub.keyFor(`gien-${run}`, EVERY_SCOPE);
    const loiret = await hub.keyFor(`loiret-${run}`, EVERY_SCOPE);
    await http().get(`/v1/dead-letters/${id}`).set(gien).expect(404);
    await http().post(`/v1/dead-letters/${id}/replay`).set(gien).expect(404);
    await http()
      .get('/v1/dead-letters')
      .query({ connector: `loiret-${run}` })
      .set(gien)
      .expect(403);
    const seen = (await http().get('/v1/dead-letters').set(gien).expect(200)).body as {
      items: unknown[];
    };
    expect(seen.items).toEqual([]);
    const own = await http().get(`/v1/dead-letters/${id}`).set(loiret).expect(200);
    expect(own.body).toMatchObject({ sealing: 'sealed', code: 'REQUEST.NOT_A_TARGET' });
  }, 60_000);
});
