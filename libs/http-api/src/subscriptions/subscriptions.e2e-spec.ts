import request from 'supertest';
import { securityLog } from '@maillage/connectors';
import { createTestHub, type TestHub } from '../testing/test-hub';

const GIEN = 'commune:45155';
const CCG = 'epci:244500211';
const LOIRET = 'departement:45';

interface FeedPage {
  items: {
    position: number;
    id: string;
    type: string;
    eventType: string;
    requestId: string;
    data: { data?: Record<string, unknown>; personal?: unknown };
    subscriptionIds?: string[];
  }[];
  next: number;
}

function filing(externalId: string, category: string, inseeCode = '45155') {
  return {
    source: { externalId },
    channel: 'web',
    category,
    description: 'Signalement',
    location: { inseeCode },
    citizen: { name: 'Dominique Subscribe', email: 'dominique.subscribe@example.org' },
  };
}

describe('subscriptions and their feeds', () => {
  let hub: TestHub;
  const keys: Record<string, Record<string, string>> = {};
  const http = () => request(hub.app.getHttpServer());
  const subscribe = (authority: string, body: Record<string, unknown>) =>
    http().post('/v1/subscriptions').set(keys[authority]!).send(body);
  const feed = (authority: string, id: string, query = '') =>
    http().get(`/v1/feeds/${id}?${query}`).set(keys[authority]!);
  const file = (body: Record<string, unknown>) =>
    http().post('/v1/requests').set(keys[GIEN]!).send(body).expect(201);

  beforeAll(async () => {
    hub = await createTestHub('sqlite', { MAILLAGE_DEMO_CONNECTORS: 'off' });
    for (const authority of [GIEN, CCG, LOIRET]) keys[authority] = await hub.as(authority);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('lets a département follow its territory by category, as canonical events without personal data', async () => {
    const created = await subscribe(LOIRET, {
      territory: LOIRET,
      categories: ['roads.municipal', 'waste'],
    }).expect(201);
    const subscription = created.body.subscription as { id: string };
    expect(subscription.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers['location']).toBe(`/v1/subscriptions/${subscription.id}`);

    // Municipal roads in Gien: routed to Gien, Loiret is not involved but follows it.
    const municipal = await file(filing('SUB-1', 'roads.municipal'));
    // État civil: not a followed category.
    await file(filing('SUB-2', 'civil_status.birth_certificate'));
    const page = (await feed(LOIRET, subscription.id).expect(200)).body as FeedPage;
    expect(page.items.map((item) => [item.requestId, item.eventType])).toEqual([
      [municipal.body.id, 'RequestFiled'],
      [municipal.body.id, 'RequestRouted'],
    ]);
    expect(page.items[0]!.type).toBe('fr.maillage.request.request-filed.v1');
    expect(JSON.stringify(page.items)).not.toContain('dominique');
    expect(page.items[0]!.subscriptionIds).toEqual([subscription.id]);

    // The same messages reach the connector's own feed (and so its out-topic and webhooks).
    const own = (
      await http()
        .get(`/v1/connectors/${await connectorId(LOIRET)}/feed`)
        .set(keys[LOIRET]!)
        .expect(200)
    ).body as FeedPage;
    expect(own.items.filter((item) => item.requestId === municipal.body.id)).toHaveLength(2);

    // The cursor moves on: nothing new after `next`.
    const after = (await feed(LOIRET, subscription.id, `after=${page.next}`).expect(200))
      .body as FeedPage;
    expect(after.items).toEqual([]);
  });

  it('filters by event type and competence, and long-polls for what comes next', async () => {
    const created = await subscribe(CCG, {
      territory: GIEN,
      eventTypes: ['RequestClosed'],
      competences: ['commune'],
    }).expect(201);
    const id = (created.body.subscription as { id: string }).id;
    const start = (await feed(CCG, id).expect(200)).body as FeedPage;
    expect(start.items).toEqual([]);
    // Waste collection is CC Giennoises' competence: followed by event type, but not by competence.
    const epciCompetence = await file(filing('SUB-3w', 'waste.collection'));
    const filed = await file(filing('SUB-3', 'civil_status.birth_certificate'));
    await http()
      .post(`/v1/requests/${epciCompetence.body.id}/close`)
      .set(keys[CCG]!)
      .send({ outcome: 'resolved', raw: { code: 'FAIT', label: 'Collecte faite' } })
      .expect(200);
    const after = (await feed(CCG, id, `after=${start.next}`).expect(200)).body as FeedPage;
    expect(after.items).toEqual([]);
    // Sent now (supertest is lazy until then), answered when the close is recorded.
    const asked = Date.now();
    const waiting = feed(CCG, id, `after=${after.next}&wait=10`).then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await http()
      .post(`/v1/requests/${filed.body.id}/close`)
      .set(keys[GIEN]!)
      .send({ outcome: 'resolved', raw: { code: 'CLOS', label: 'Réparé' } })
      .expect(200);
    const page = (await waiting).body as FeedPage;
    expect(Date.now() - asked).toBeGreaterThanOrEqual(300);
    expect(page.items.map((item) => item.eventType)).toEqual(['RequestClosed']);
    expect(page.items[0]!.requestId).toBe(filed.body.id);
  });

  it('keeps each connector within its own territory and its own subscriptions', async () => {
    const refused = await subscribe(GIEN, { territory: LOIRET }).expect(403);
    expect(refused.body).toMatchObject({ code: 'CONNECTOR.FORBIDDEN', field: 'territory' });
    await subscribe(LOIRET, { territory: 'departement:47' }).expect(403);
    await subscribe(CCG, { territory: 'commune:45001' }).expect(403); // not a member commune
    const badCategory = await subscribe(LOIRET, { categories: ['roads.martian'] }).expect(400);
    expect(badCategory.body.field).toBe('categories/0');
    const badType = await subscribe(LOIRET, { eventTypes: ['RequestDeleted'] }).expect(400);
    expect(badType.body.errors[0].field).toMatch(/^eventTypes/);
    const ownerOnly = await subscribe(LOIRET, {}).expect(201);
    const id = (ownerOnly.body.subscription as { id: string; territory: string }).id;
    expect(ownerOnly.body.subscription.territory).toBe(LOIRET);

    const before = securityLog.recent().length;
    await feed(GIEN, id).expect(404);
    await http().get(`/v1/subscriptions/${id}`).set(keys[GIEN]!).expect(404);
    await http().delete(`/v1/subscriptions/${id}`).set(keys[GIEN]!).expect(404);
    const logged = securityLog.recent().slice(before);
    expect(logged).toHaveLength(3);
    expect(logged.every((event) => event.outcome === 'hidden' && event.authority === GIEN)).toBe(
      true,
    );

    const auditOnly = await hub.as(LOIRET, ['audit']);
    await feed(LOIRET, id).set(auditOnly).expect(403);
    await http().get('/v1/subscriptions').expect(401);

    const listed = (await http().get('/v1/subscriptions').set(keys[LOIRET]!).expect(200)).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toContain(id);
    await http().delete(`/v1/subscriptions/${id}`).set(keys[LOIRET]!).expect(204);
    await feed(LOIRET, id).expect(404);
  });

  async function connectorId(authority: string): Promise<string> {
    const { Connectors } = await import('@maillage/connectors');
    return (await hub.app.get(Connectors).ofAuthority(authority))[0]!.id;
  }
});
