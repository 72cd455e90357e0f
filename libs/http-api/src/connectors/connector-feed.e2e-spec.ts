import request from 'supertest';
import { createTestHub, type TestHub } from '../testing/test-hub';

const ADMIN = 'feed-admin-token-feed-admin-token-feed-01';

interface Page {
  items: {
    position: number;
    id: string;
    type: string;
    eventType: string;
    requestId: string;
    data: unknown;
  }[];
  next: number;
}

describe('connector feed (HTTP pull, no Kafka)', () => {
  let hub: TestHub;
  const keys: Record<string, string> = {};
  const http = () => request(hub.app.getHttpServer());
  const feed = (connector: string, query: string) =>
    http()
      .get(`/v1/connectors/${connector}/feed?${query}`)
      .set({ authorization: `Bearer ${keys[connector]}` });

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
    });
    for (const [id, authority, dialect] of [
      ['gien-grc', 'commune:45155', 'commune-v1'],
      ['loiret-grc', 'departement:45', 'departement-v1'],
    ]) {
      const created = await http()
        .post('/v1/connectors')
        .set({ authorization: `Bearer ${ADMIN}` })
        .send({ id, authority, name: id, dialect, delivery: { kafka: false } })
        .expect(201);
      keys[id!] = (created.body as { apiKey: { key: string } }).apiKey.key;
    }
  });
  afterAll(async () => {
    await hub.close();
  });

  it('gives each tool its messages in its own dialect, in order, with a cursor', async () => {
    const filed = await http()
      .post('/v1/connectors/gien-grc/requests')
      .set({ authorization: `Bearer ${keys['gien-grc']}` })
      .send({
        numeroDemande: 'GIEN-FEED-1',
        canal: 'GUICHET',
        categorie: 'ROUTE_DEPARTEMENTALE',
        objet: 'Nid-de-poule sur la RD 940',
        lieu: { codeInsee: '45155' },
        demandeur: { nom: 'Camille Martin', courriel: 'camille.martin@example.org' },
      })
      .expect(201);
    const id = (filed.body as { id: string }).id;

    const loiret = (await feed('loiret-grc', 'after=0').expect(200)).body as Page;
    expect(loiret.items.map((item) => item.eventType)).toEqual(['RequestFiled', 'RequestRouted']);
    expect(loiret.items.every((item) => item.requestId === id)).toBe(true);
    expect(loiret.items[0]!.type).toMatch(/^fr\.maillage\.dialect\.departement-v1\./);
    expect(JSON.stringify(loiret.items[0]!.data)).toContain('camille.martin@example.org');
    expect(loiret.next).toBe(2);
    // Paging: one message at a time, never splitting an event's messages across pages.
    const first = (await feed('loiret-grc', 'after=0&limit=1').expect(200)).body as Page;
    expect(first.items.map((item) => item.eventType)).toEqual(['RequestFiled', 'RequestRouted']);
    expect(
      ((await feed('loiret-grc', `after=${loiret.next}`).expect(200)).body as Page).items,
    ).toEqual([]);

    const gien = (await feed('gien-grc', 'after=0').expect(200)).body as Page;
    expect(gien.items[0]!.type).toMatch(/^fr\.maillage\.dialect\.commune-v1\./);
  });

  it('long-polls: a waiting reader gets the next change as soon as it is recorded', async () => {
    const start = (await feed('gien-grc', 'after=0').expect(200)).body as Page;
    const id = start.items[0]!.requestId;
    const started = Date.now();
    const waiting = feed('gien-grc', `after=${start.next}&wait=10`);
    setTimeout(() => {
      void http()
        .post(`/v1/connectors/loiret-grc/requests/${id}/status`)
        .set({ authorization: `Bearer ${keys['loiret-grc']}` })
        .send({ TYPE_MESSAGE: 'CHANGEMENT_STATUT', ID_MAILLAGE: id, CODE_STATUT: 'INSTR' })
        .then((answer) => expect(answer.status).toBe(200));
    }, 300);
    const page = (await waiting.expect(200)).body as Page;
    expect(page.items.map((item) => item.eventType)).toEqual(['StatusChanged']);
    expect(JSON.stringify(page.items[0]!.data)).toContain('EN_COURS');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('authenticates, and names a bad parameter', async () => {
    await http().get('/v1/connectors/gien-grc/feed').expect(401);
    await http()
      .get('/v1/connectors/gien-grc/feed')
      .set({ authorization: `Bearer ${keys['loiret-grc']}` })
      .expect(403);
    const bad = await feed('gien-grc', 'limit=100000').expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.INVALID', field: 'limit' });
  });
});
