/**
 * The scenario of the dialects issue, end to end on the real broker: Gien's town hall (commune
 * dialect) reports damage on a departmental road; Loiret's tool (département dialect) receives it,
 * acknowledges over Kafka, moves it along over HTTP; Gien's tool sees every change in its own
 * vocabulary. A waste-collection request goes to CC Giennoises (EPCI dialect) the same way, and an
 * Open311 client files a street-light request and follows it.
 */
import request from 'supertest';
import { KafkaMessageBus, type Message } from '@maillage/messaging';
import { RequestIds } from '@maillage/service-requests';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { describeKafka, uniqueName } from '../kafka/kafka-test-env';

const ADMIN = 'scenario-admin-token-scenario-admin-token';

interface Received {
  readonly type: string | undefined;
  readonly eventType: string | undefined;
  readonly key: string | null;
  readonly body: Record<string, unknown>;
  /** Where the tool reads the citizen's contact, which Kafka never carries (claim check). */
  readonly personalData: string | undefined;
}

describeKafka('dialects scenario: Gien, Loiret, CC Giennoises and an Open311 client', (brokers) => {
  let hub: TestHub;
  let bus: KafkaMessageBus;
  const run = uniqueName('s')
    .replace(/[^a-z0-9]/g, '')
    .slice(-8);
  const ids = {
    gien: `gien-${run}`,
    ccg: `ccg-${run}`,
    loiret: `loiret-${run}`,
    open311: `gien311-${run}`,
  };
  const keys: Record<string, string> = {};
  const inbox: Record<string, Received[]> = { gien: [], ccg: [], loiret: [] };
  const http = () => request(hub.app.getHttpServer());

  /** Waits until `tool` has received a message matching `match`, and returns it. */
  async function receive(
    tool: keyof typeof inbox,
    match: (message: Received) => boolean,
    what: string,
  ): Promise<Received> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = inbox[tool]!.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `${tool} never received ${what}; got ${JSON.stringify(inbox[tool]!.map((m) => m.type))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Reads the canonical API as Gien's tool, where every request of the scenario was filed. */
  const read = (path: string, tool: string = ids.gien) =>
    http()
      .get(path)
      .set({ authorization: `Bearer ${keys[tool]!}` });

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: uniqueName('maillage.events.scenario'),
      MAILLAGE_KAFKA_CLIENT_ID: `scenario-${run}`,
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
    });
    const register = async (id: string, authority: string, dialect: string) => {
      const created = await http()
        .post('/v1/connectors')
        .set({ authorization: `Bearer ${ADMIN}` })
        .send({ id, authority, name: id, dialect })
        .expect(201);
      keys[id] = (created.body as { apiKey: { key: string } }).apiKey.key;
    };
    await register(ids.gien, 'commune:45155', 'commune-v1');
    await register(ids.ccg, 'epci:244500211', 'epci-v1');
    await register(ids.loiret, 'departement:45', 'departement-v1');
    await register(ids.open311, 'commune:45155', 'open311-v2');

    bus = new KafkaMessageBus({ brokers, clientId: `scenario-reader-${run}` });
    for (const [tool, id] of [
      ['gien', ids.gien],
      ['ccg', ids.ccg],
      ['loiret', ids.loiret],
    ] as const) {
      await bus.consume({
        groupId: uniqueName(`scenario-${tool}`),
        topics: [`maillage.out.${id}.v1`],
        fromBeginning: true,
        handle: (message: Message) => {
          inbox[tool]!.push({
            type: message.headers['ce_type'],
            eventType: message.headers['ce_maillageeventtype'],
            key: message.key,
            body: JSON.parse(message.value!.toString('utf8')) as Record<string, unknown>,
            personalData: message.headers['ce_maillagepersonaldata'],
          });
          return Promise.resolve();
        },
      });
    }
  }, 60_000);

  afterAll(async () => {
    await bus?.close();
    await hub?.close();
  });

  const asTool = (id: string) => ({ authorization: `Bearer ${keys[id]}` });
  /** A tool files a request in its own format, with its key. */
  const file = (tool: keyof typeof ids, body: object) =>
    http().post(`/v1/connectors/${ids[tool]}/requests`).set(asTool(ids[tool])).send(body);
  /** A tool changes a request it names by its own reference or the hub id, in its own format. */
  const update = (tool: keyof typeof ids, reference: string, body: object) =>
    http()
      .post(`/v1/connectors/${ids[tool]}/requests/${reference}/status`)
      .set(asTool(ids[tool]))
      .send(body);

  it("routes a departmental-road report from Gien to Loiret, and brings Loiret's changes back to Gien", async () => {
    const filed = await file('gien', {
      numeroDemande: 'GIEN-2026-000123',
      dateDemande: '29/11/2026 09:15',
      canal: 'GUICHET',
      categorie: 'ROUTE_DEPARTEMENTALE',
      objet: 'Nid-de-poule dangereux sur la RD 940, à la sortie de Gien vers Briare.',
      lieu: {
        codeInsee: '45155',
        adresse: 'RD 940, 45500 Gien',
        latitude: 47.6877,
        longitude: 2.6309,
      },
      demandeur: { nom: 'Camille Martin', courriel: 'camille.martin@example.org' },
    }).expect(201);
    const requestId = (filed.body as { id: string }).id;
    const events = await read(`/v1/requests/${requestId}/events`).expect(200);
    const [filedEvent, routed] = (
      events.body as {
        events: {
          type: string;
          data: Record<string, unknown>;
          metadata: Record<string, unknown>;
        }[];
      }
    ).events;
    expect(routed?.data['targets']).toEqual(['departement:45']);
    // The local time of the commune's tool, normalised to UTC, the raw value kept.
    expect(filedEvent?.metadata['occurredAt']).toBe('2026-11-29T08:15:00.000Z');
    expect(filedEvent?.metadata['sourceTime']).toEqual({
      raw: '29/11/2026 09:15',
      timeZone: 'Europe/Paris',
    });

    // Loiret's tool receives the request itself, in the département dialect, keyed by the request.
    const received = await receive('loiret', (m) => m.eventType === 'RequestFiled', 'the filing');
    expect(received.key).toBe(requestId);
    expect(received.type).toMatch(/^fr\.maillage\.dialect\.departement-v1\./);
    expect(JSON.stringify(received.body)).toContain(requestId);
    expect(JSON.stringify(received.body)).toContain('ROUTE_RD');
    // The contact is not on Kafka (an erasure could not reach it there): Loiret reads it from the
    // hub, at the path the message names.
    expect(JSON.stringify(received.body)).not.toContain('camille.martin@example.org');
    expect(received.personalData).toBe(`/v1/requests/${requestId}/personal-data`);
    const contact = await read(received.personalData!, ids.loiret).expect(200);
    expect(JSON.stringify(contact.body)).toContain('camille.martin@example.org');

    // Loiret acknowledges over its Kafka in-topic, with its own reference…
    await bus.publish(`maillage.in.${ids.loiret}.v1`, [
      {
        key: requestId,
        headers: { maillage_kind: 'update', ce_id: `ack-${run}` },
        value: Buffer.from(
          JSON.stringify({
            TYPE_MESSAGE: 'ACCUSE_RECEPTION',
            ID_MAILLAGE: requestId,
            ID_DEMANDE: 'D45-2026-0000456',
            DATE_EVENEMENT: '2026-11-30T07:05:00Z',
          }),
        ),
      },
    ]);
    await receive('gien', (m) => m.eventType === 'RequestAcknowledged', 'the acknowledgement');

    // …then, over HTTP and by that reference, sets it in progress, then resolved.
    await update('loiret', `D45-2026-0000456`, {
      TYPE_MESSAGE: 'CHANGEMENT_STATUT',
      ID_DEMANDE: 'D45-2026-0000456',
      CODE_STATUT: 'INSTR',
      LIBELLE_STATUT: 'Intervention programmée',
      DATE_EVENEMENT: '2026-11-30T09:00:00+01:00',
    }).expect(200);
    await update('loiret', `D45-2026-0000456`, {
      TYPE_MESSAGE: 'CHANGEMENT_STATUT',
      ID_DEMANDE: 'D45-2026-0000456',
      CODE_STATUT: 'REALISEE',
      LIBELLE_STATUT: 'Chaussée reprise',
      DATE_EVENEMENT: '2026-12-04T15:00:00Z',
    }).expect(200);

    // Gien's tool receives each change in the commune dialect, with Gien's own statuses.
    const statuses = async () => (
      await receive('gien', (m) => JSON.stringify(m.body).includes('TRAITEE'), 'resolved'),
      inbox.gien!.filter((m) => m.eventType === 'StatusChanged').map((m) => JSON.stringify(m.body))
    );
    const changes = await statuses();
    expect(changes).toHaveLength(2);
    expect(changes[0]).toContain('EN_COURS');
    expect(changes[1]).toContain('TRAITEE');
    for (const message of inbox.gien!) {
      expect(message.key).toBe(requestId);
      expect(message.type).toMatch(/^fr\.maillage\.dialect\.commune-v1\./);
    }
    // Loiret's raw status is kept in the canonical event.
    const summary = await read(`/v1/requests/${requestId}?minRevision=4`).expect(200);
    expect(summary.body).toMatchObject({
      status: 'resolved',
      lastRawStatus: { authority: 'departement:45', code: 'REALISEE', label: 'Chaussée reprise' },
    });
  }, 60_000);

  it('routes a waste-collection request from Gien to CC Giennoises and back', async () => {
    const filed = await file('gien', {
      numeroDemande: 'GIEN-2026-000124',
      dateDemande: '29/11/2026 10:00',
      canal: 'GUICHET',
      categorie: 'DECHETS',
      objet: 'Bac jaune non collecté rue des Tanneurs depuis deux semaines.',
      lieu: { codeInsee: '45155', adresse: 'Rue des Tanneurs, 45500 Gien' },
    }).expect(201);
    const requestId = (filed.body as { id: string }).id;
    const received = await receive(
      'ccg',
      (m) => m.eventType === 'RequestFiled' && m.key === requestId,
      'the filing',
    );
    expect(received.type).toMatch(/^fr\.maillage\.dialect\.epci-v1\./);
    expect(JSON.stringify(received.body)).toContain('DECH-COLL');

    await update('ccg', `${requestId}`, {
      message_type: 'ticket.status_changed',
      hub_id: requestId,
      occurred_at: '2026-11-30T14:00:00+01:00',
      status: 25,
      status_note: 'Passage prévu jeudi.',
    }).expect(200);
    const change = await receive(
      'gien',
      (m) => m.eventType === 'StatusChanged' && m.key === requestId,
      "CC Giennoises' status change",
    );
    expect(JSON.stringify(change.body)).toContain('EN_COURS');
  }, 60_000);

  it('lets an Open311 client file a street-light request (form-encoded) and follow it to its close', async () => {
    const services = await http().get(`/open311/v2/${ids.open311}/services.json`).expect(200);
    const lighting = (services.body as { service_code: string }[]).find(
      (service) => service.service_code === 'public_lighting',
    );
    expect(lighting).toBeDefined();

    const filed = await http()
      .post(`/open311/v2/${ids.open311}/requests.json`)
      .type('form')
      .send({
        api_key: keys[ids.open311]!,
        service_code: 'public_lighting',
        description: 'Lampadaire éteint devant le 3 rue Louis Blanc.',
        lat: '47.6870',
        long: '2.6300',
        email: 'lea.moreau@example.org',
      })
      .expect(201);
    const id = (filed.body as { service_request_id: string }[])[0]!.service_request_id;

    const followed = await http()
      .get(`/open311/v2/${ids.open311}/requests/${id}.json`)
      .query({ api_key: keys[ids.open311]! })
      .expect(200);
    expect((followed.body as unknown[])[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'public_lighting',
    });

    // Street lighting is transferred to CC Giennoises in this territory (an EPCI override of the
    // competence rules): its tool receives the request and closes it.
    const routedToCcg = await receive(
      'ccg',
      (m) => m.eventType === 'RequestFiled' && m.key === id,
      'the Open311 filing',
    );
    expect(JSON.stringify(routedToCcg.body)).not.toContain('lea.moreau@example.org');
    const leaContact = await read(routedToCcg.personalData!, ids.ccg).expect(200);
    expect(JSON.stringify(leaContact.body)).toContain('lea.moreau@example.org');
    await update('ccg', `${id}`, {
      message_type: 'ticket.status_changed',
      hub_id: id,
      occurred_at: '2026-12-01T11:00:00+01:00',
      status: 40,
      status_note: 'Ampoule remplacée.',
    }).expect(200);
    const closed = await http()
      .get(`/open311/v2/${ids.open311}/requests/${id}.json`)
      .query({ api_key: keys[ids.open311]! });
    expect((closed.body as unknown[])[0]).toMatchObject({
      status: 'closed',
      status_notes: 'Ampoule remplacée.',
      agency_responsible: 'CC Giennoises',
    });

    const refused = await http()
      .post(`/open311/v2/${ids.open311}/requests.json`)
      .type('form')
      .send({ api_key: keys[ids.open311]!, service_code: 'no-such-service', description: 'x' })
      .expect(400);
    expect((refused.body as { code: number; description: string }[])[0]).toMatchObject({
      code: 400,
    });
    expect((refused.body as { description: string }[])[0]!.description).toContain('service_code');
  }, 60_000);

  it('lets Loiret decline competence: the request is routed on to the authority it names', async () => {
    const filed = await file('gien', {
      numeroDemande: 'GIEN-2026-000125',
      canal: 'TELEPHONE',
      categorie: 'ROUTE_DEPARTEMENTALE',
      objet: 'Affaissement de chaussée rue Paul Bert.',
      lieu: { codeInsee: '45155', adresse: 'Rue Paul Bert, 45500 Gien' },
    }).expect(201);
    const requestId = (filed.body as { id: string }).id;
    await update('loiret', `${requestId}`, {
      TYPE_MESSAGE: 'REFUS_COMPETENCE',
      ID_MAILLAGE: requestId,
      MOTIF: 'Voie communale : compétence de la commune de Gien.',
      TYPE_COLLECTIVITE: 'COMMUNE',
      CODE_COLLECTIVITE: '45155',
    }).expect(200);
    const summary = await read(`/v1/requests/${requestId}?minRevision=3`).expect(200);
    expect(summary.body).toMatchObject({ targets: ['commune:45155'], status: 'routed' });
    // Loiret hears of the transfer; Gien, now competent, receives the request as a target.
    await receive(
      'loiret',
      (m) => m.eventType === 'RequestTransferred' && m.key === requestId,
      'the transfer',
    );
    const routed = await receive(
      'gien',
      (m) =>
        m.eventType === 'RequestRouted' &&
        m.key === requestId &&
        JSON.stringify(m.body).includes('Voie communale'),
      'the new routing',
    );
    expect(routed.type).toMatch(/^fr\.maillage\.dialect\.commune-v1\./);

    // Declining to oneself, or to an authority that does not exist, is refused; nothing recorded.
    const self = await update('gien', `${requestId}`, {
      action: 'REFUS_COMPETENCE',
      referenceMaillage: requestId,
      motif: 'x',
      collectiviteCompetente: 'commune:45155',
    }).expect(400);
    expect(self.body).toMatchObject({
      code: 'CONNECTOR.PAYLOAD_INVALID',
      field: '/collectiviteCompetente',
    });
    await update('gien', `${requestId}`, {
      action: 'REFUS_COMPETENCE',
      referenceMaillage: requestId,
      motif: 'x',
      collectiviteCompetente: 'commune:99999',
    }).expect(400);
    const events = await read(`/v1/requests/${requestId}/events`).expect(200);
    expect((events.body as { events: unknown[] }).events).toHaveLength(4);
  }, 60_000);

  it("dead-letters an inbound Kafka message that does not fit the tool's dialect, and goes on", async () => {
    const dlq: Message[] = [];
    const reader = await bus.consume({
      groupId: uniqueName('scenario-dlq'),
      topics: ['maillage.dlq.v1'],
      fromBeginning: true,
      handle: (message) => {
        if (message.headers['maillage_dlq_source_topic'] === `maillage.in.${ids.ccg}.v1`) {
          dlq.push(message);
        }
        return Promise.resolve();
      },
    });
    await bus.publish(`maillage.in.${ids.ccg}.v1`, [
      {
        key: 'CCG-2026-000777', // same key, same partition as the good message behind it
        headers: { maillage_kind: 'filing', ce_id: `poison-${run}` },
        value: Buffer.from(JSON.stringify({ message_type: 'ticket.created', ticket: { id: 42 } })),
      },
      {
        key: 'CCG-2026-000777',
        headers: { maillage_kind: 'filing', ce_id: `good-${run}` },
        value: Buffer.from(
          JSON.stringify({
            message_type: 'ticket.created',
            ticket: {
              id: 'CCG-2026-000777',
              created_at: '2026-11-29T09:15:00+01:00',
              channel: 'web',
              category_code: 'DECH-COLL',
              description: 'Bac non collecté avenue de Châtillon.',
              site: { insee_code: '45155' },
            },
          }),
        ),
      },
    ]);
    const deadline = Date.now() + 30_000;
    while (dlq.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await reader.stop();
    expect(dlq).toHaveLength(1);
    expect(dlq[0]!.headers).toMatchObject({
      maillage_dlq_error_code: 'CONNECTOR.PAYLOAD_INVALID',
      maillage_dlq_source_partition: expect.any(String) as string,
      maillage_dlq_source_offset: expect.any(String) as string,
    });
    expect(dlq[0]!.headers['maillage_dlq_reason']).toContain('/ticket');
    // …and counted on /metrics, by consumer, code and source topic.
    const metrics = (await http().get('/metrics').expect(200)).text;
    // One consumer group reads every tool's in-topic: the topic tells whose message it was.
    const counted = metrics
      .split('\n')
      .filter((line) => line.startsWith('maillage_dead_letters_total{'))
      .filter(
        (line) =>
          line.includes(`consumer="scenario-${run}.gateway.in"`) &&
          line.includes(`maillage.in.${ids.ccg}.v1`),
      );
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatch(/\} 1$/);
    // The next message of the partition was processed: the request it files exists.
    const filed = hub.app.get(RequestIds).forExternalRequest('epci:244500211', 'CCG-2026-000777');
    let events: unknown[] = [];
    while (events.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      events =
        ((await read(`/v1/requests/${filed}/events`, ids.ccg)).body as { events?: unknown[] })
          .events ?? [];
    }
    expect(events.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
