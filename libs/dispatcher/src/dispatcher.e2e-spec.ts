import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { parse } from 'yaml';
import { Connectors } from '@maillage/connectors';
import { dialectById } from '@maillage/dialects';
import type { EventStore } from '@maillage/event-store';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { EVENT_STORE } from '@maillage/service-requests';
import { Dispatcher } from './dispatcher';
import { PERSONAL_DATA_HEADER } from './personal-data-claim';

/** Which tool gets which canonical event, on a real store and registry (no Kafka needed here). */
describe('Dispatcher', () => {
  let hub: TestHub;
  let store: EventStore;
  let dispatcher: Dispatcher;
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    hub = await createTestHub('sqlite', { MAILLAGE_DEMO_CONNECTORS: 'off' });
    store = hub.app.get<EventStore>(EVENT_STORE);
    const connectors = hub.app.get(Connectors);
    for (const [id, authority, dialect] of [
      ['gien-grc', 'commune:45155', 'commune-v1'],
      ['loiret-grc', 'departement:45', 'departement-v1'],
      ['ccg-grc', 'epci:244500211', 'epci-v1'],
      ['ccg-old', 'epci:244500211', 'epci-v1'],
    ] as const) {
      await connectors.register({ id, authority, name: id, dialect });
    }
    await connectors.update('ccg-old', { status: 'disabled' });
    dispatcher = new Dispatcher(store, connectors, dialectById);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('sends each event to the origin and the targets, the filing first to a new target, a transfer to who leaves', async () => {
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.keyFor('gien-grc'))
      .send({
        source: { externalId: 'GIEN-DISPATCH-1' },
        channel: 'counter',
        category: 'roads.departmental',
        description: 'Nid-de-poule sur la RD 940',
        location: { inseeCode: '45155' },
        citizen: { name: 'Camille Martin', email: 'camille.martin@example.org' },
      })
      .expect(201);
    const id = (filed.body as { id: string }).id;
    await http()
      .post(`/v1/requests/${id}/transfer`)
      .set(await hub.keyFor('loiret-grc'))
      .send({ to: ['epci:244500211'], reason: 'Voirie transférée à la communauté de communes' })
      .expect(200);

    const log = await store.readStream(`request-${id}`);
    const sent: string[] = [];
    for (const event of log) {
      for (const delivery of await dispatcher.deliveries(event)) {
        expect(delivery.message.key).toBe(id);
        expect(delivery.topic).toBe(`maillage.out.${delivery.connectorId}.v1`);
        sent.push(
          `${event.type}→${delivery.connectorId}:${delivery.message.headers['ce_maillageeventtype']}`,
        );
      }
    }
    expect(sent).toEqual([
      'RequestFiled→gien-grc:RequestFiled',
      // Loiret becomes a target: the filing itself first, then the routing.
      'RequestRouted→gien-grc:RequestRouted',
      'RequestRouted→loiret-grc:RequestFiled',
      'RequestRouted→loiret-grc:RequestRouted',
      // The transfer reaches the origin and the authority that leaves; then the new target gets
      // the filing and the routing (whose reason says why), and the origin the new routing.
      'RequestTransferred→gien-grc:RequestTransferred',
      'RequestTransferred→loiret-grc:RequestTransferred',
      'RequestRouted→gien-grc:RequestRouted',
      'RequestRouted→ccg-grc:RequestFiled',
      'RequestRouted→ccg-grc:RequestRouted',
    ]);
  });

  it("withholds the citizen's contact on Kafka and says where the handling authority reads it", async () => {
    const [filing, routed] = await store.readAll({ maxCount: 2 });
    const id = filing!.streamId.replace(/^request-/, '');
    const deliveries = await dispatcher.deliveries(routed!);
    const toLoiret = deliveries.find(
      (d) =>
        d.connectorId === 'loiret-grc' &&
        d.message.headers['ce_maillageeventtype'] === 'RequestFiled',
    )!;
    // What Kafka would keep for a week, out of an erasure's reach: no contact, a claim check.
    const body = JSON.parse(toLoiret.message.value!.toString()) as Record<string, unknown>;
    expect(body).toMatchObject({
      TYPE_MESSAGE: 'DEMANDE_A_TRAITER',
      ID_MAILLAGE: id,
      NOM_USAGER: null,
      EMAIL_USAGER: null,
      TEL_USAGER: null,
      ADRESSE_USAGER: null,
    });
    expect(toLoiret.message.headers[PERSONAL_DATA_HEADER]).toBe(`/v1/requests/${id}/personal-data`);
    for (const delivery of deliveries) {
      expect(delivery.message.value!.toString()).not.toMatch(/camille|Martin/i);
      expect(JSON.stringify(delivery.message.headers)).not.toMatch(/camille|Martin/i);
      expect(delivery.message.key).not.toContain('camille');
    }
    // The origin already knows its citizen: its echo of the filing neither carries nor claims it.
    for (const delivery of deliveries.filter((d) => d.connectorId === 'gien-grc')) {
      expect(delivery.message.headers[PERSONAL_DATA_HEADER]).toBeUndefined();
    }
    // Its HTTP feed and webhooks (not retained by a broker) carry the contact inline.
    const inline = await dispatcher.deliveries(routed!, { connectorId: 'loiret-grc' });
    const filed = inline.find((d) => d.message.headers['ce_maillageeventtype'] === 'RequestFiled')!;
    expect(JSON.parse(filed.message.value!.toString())).toMatchObject({
      NOM_USAGER: 'Camille Martin',
      EMAIL_USAGER: 'camille.martin@example.org',
    });
    expect(filed.message.headers[PERSONAL_DATA_HEADER]).toBeUndefined();
  });

  it('claims nothing when the citizen gave no contact', async () => {
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.keyFor('gien-grc'))
      .send({
        source: { externalId: 'GIEN-DISPATCH-ANON' },
        channel: 'counter',
        category: 'roads.departmental',
        description: 'Nid-de-poule signalé sans contact',
        location: { inseeCode: '45155' },
      })
      .expect(201);
    const id = (filed.body as { id: string }).id;
    const [, routed] = await store.readStream(`request-${id}`);
    const deliveries = await dispatcher.deliveries(routed!);
    expect(deliveries.some((d) => d.connectorId === 'loiret-grc')).toBe(true);
    for (const delivery of deliveries) {
      expect(delivery.message.headers[PERSONAL_DATA_HEADER]).toBeUndefined();
    }
  });

  it('writes the headers that schemas/asyncapi.yaml documents for out-topics', async () => {
    const asyncapi = parse(
      readFileSync(join(__dirname, '../../../schemas/asyncapi.yaml'), 'utf8'),
    ) as { components: { messages: Record<string, { headers: object }> } };
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(asyncapi.components.messages['outboundDialectMessage']!.headers);
    let checked = 0;
    for (const event of await store.readAll()) {
      for (const delivery of await dispatcher.deliveries(event)) {
        expect({ ok: validate(delivery.message.headers), errors: validate.errors }).toEqual({
          ok: true,
          errors: null,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('sends a subscriber what its subscription follows, canonical and without personal data, and what asyncapi documents', async () => {
    const connectors = hub.app.get(Connectors);
    // Loiret follows civil-status requests of its territory, which Gien handles alone.
    const subscription = await connectors.subscribe('loiret-grc', {
      territory: 'departement:45',
      categories: ['civil_status'],
    });
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.keyFor('gien-grc'))
      .send({
        source: { externalId: 'GIEN-SUB-1' },
        channel: 'counter',
        category: 'civil_status.birth_certificate',
        description: 'Acte de naissance',
        location: { inseeCode: '45155' },
        citizen: { name: 'Camille Martin', email: 'camille.martin@example.org' },
      })
      .expect(201);
    const id = (filed.body as { id: string }).id;
    const log = await store.readStream(`request-${id}`);
    const asyncapi = parse(
      readFileSync(join(__dirname, '../../../schemas/asyncapi.yaml'), 'utf8'),
    ) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema({ ...asyncapi, $id: 'asyncapi' });
    const validate = ajv.compile({ $ref: 'asyncapi#/components/messages/subscribedEvent/headers' });
    const toLoiret = [];
    for (const event of log) {
      const deliveries = await dispatcher.deliveries(event);
      toLoiret.push(...deliveries.filter((d) => d.connectorId === 'loiret-grc'));
    }
    expect(toLoiret.map((d) => d.message.headers['ce_type'])).toEqual([
      'fr.maillage.request.request-filed.v1',
      'fr.maillage.request.request-routed.v1',
    ]);
    for (const delivery of toLoiret) {
      expect(delivery.subscriptionIds).toEqual([subscription.id]);
      expect(delivery.topic).toBe('maillage.out.loiret-grc.v1');
      expect(delivery.message.key).toBe(id);
      expect(delivery.message.value!.toString()).not.toContain('camille');
      expect({ ok: validate(delivery.message.headers), errors: validate.errors }).toEqual({
        ok: true,
        errors: null,
      });
    }
    await connectors.unsubscribe('loiret-grc', subscription.id);
  });
});
