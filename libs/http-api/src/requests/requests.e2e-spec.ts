import request from 'supertest';
import type { EventStore } from '@maillage/event-store';
import {
  EVENT_STORE,
  REQUEST_READ_MODEL,
  RequestProjection,
  type RequestReadModel,
} from '@maillage/service-requests';
import { createTestHub, type TestHub } from '../testing/test-hub';
import { describeWithPostgres } from '../testing/describe-with-postgres';

const GIEN = 'commune:45155';
const LOIRET = 'departement:45';
const EPCI = 'epci:244500211';

function pothole(externalId: string): Record<string, unknown> {
  return {
    source: { externalId },
    channel: 'counter',
    category: 'roads.departmental',
    description: 'Nid-de-poule dangereux sur la RD 940',
    location: {
      inseeCode: '45155',
      address: 'RD 940, 45500 Gien',
      coordinates: { lat: 47.69, lon: 2.63 },
    },
    citizen: {
      name: 'Camille Martin',
      email: 'camille.martin@example.org',
      phone: '+33 6 12 34 56 78',
    },
    attachments: [{ url: 'https://grc.gien.fr/pieces/1.jpg', mediaType: 'image/jpeg' }],
    filedAt: '2026-11-29T09:15:00+01:00',
  };
}

function requestsApi(stores: readonly ('sqlite' | 'postgres')[]): void {
  for (const store of stores) {
    const suite = store === 'postgres' ? describeWithPostgres : describe;
    suite(`requests API on ${store}`, () => {
      let hub: TestHub;
      /** Authorization headers of a connector of each authority. */
      const keys: Record<string, Record<string, string>> = {};
      const as = (authority: string) => keys[authority]!;
      const http = () => request(hub.app.getHttpServer());
      const get = (path: string, authority = GIEN) => http().get(path).set(as(authority));
      const file = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
        http()
          .post('/v1/requests')
          .set({ ...as(GIEN), 'Maillage-Authority': GIEN, ...headers })
          .send(body);
      const eventCount = async (id: string): Promise<number> =>
        ((await get(`/v1/requests/${id}/events`)).body as { events?: unknown[] }).events?.length ??
        0;

      beforeAll(async () => {
        hub = await createTestHub(store);
        for (const authority of [GIEN, LOIRET, EPCI]) keys[authority] = await hub.as(authority);
      });
      afterAll(async () => {
        await hub.close();
      });

      it('files a request, routes it, and shows its state and history', async () => {
        const filed = await file(pothole('GIEN-1')).expect(201);
        expect(filed.headers['location']).toBe(`/v1/requests/${filed.body.id}`);
        expect(filed.body.events.map((e: { type: string }) => e.type)).toEqual([
          'RequestFiled',
          'RequestRouted',
        ]);

        const state = await get(`/v1/requests/${filed.body.id}`).expect(200);
        expect(state.body).toMatchObject({
          id: filed.body.id,
          status: 'routed',
          targets: [LOIRET],
          source: { authority: GIEN, externalId: 'GIEN-1' },
        });
        expect(JSON.stringify(state.body)).not.toContain('camille');

        const history = await get(`/v1/requests/${filed.body.id}/events`).expect(200);
        expect(history.body.events[0].metadata).toMatchObject({
          // Who acts comes from the key: its connector and that connector's authority.
          actor: {
            authority: GIEN,
            connector: expect.stringMatching(/^(gien-grc|test-commune-45155)$/),
          },
          occurredAt: '2026-11-29T08:15:00.000Z',
          schemaVersion: 1,
        });
        expect(history.body.events[1].metadata.causationId).toBe(history.body.events[0].eventId);
        expect(history.body.events[1].previousHash).toBe(history.body.events[0].hash);
      });

      it('answers a repeated filing with the first result and records nothing', async () => {
        const first = await file(pothole('GIEN-2')).expect(201);
        const again = await file({ ...pothole('GIEN-2'), description: 'changed' }).expect(201);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.body).toEqual({ ...first.body, replayed: true });
        expect(await eventCount(first.body.id)).toBe(2);
      });

      it('honours Idempotency-Key across different external ids only for the same request', async () => {
        const first = await file(pothole('GIEN-3'), { 'Idempotency-Key': 'k-3' }).expect(201);
        const replay = await file(pothole('GIEN-3'), { 'Idempotency-Key': 'k-3' }).expect(201);
        expect(replay.body.id).toBe(first.body.id);
        const reused = await file(pothole('GIEN-3b'), { 'Idempotency-Key': 'k-3' }).expect(422);
        expect(reused.body).toMatchObject({
          code: 'IDEMPOTENCY.KEY_REUSED',
          field: 'Idempotency-Key',
        });
      });

      it('follows a request through acknowledgement, status changes, comment, close and reopen', async () => {
        const { body } = await file(pothole('GIEN-4')).expect(201);
        await http()
          .post(`/v1/requests/${body.id}/acknowledgements`)
          .set(as(LOIRET))
          .send({ externalReference: 'CD45-0042' })
          .expect(200);
        await http()
          .post(`/v1/requests/${body.id}/status`)
          .set(as(LOIRET))
          .send({ to: 'in_progress', raw: { code: 'EN_COURS', label: 'Intervention programmée' } })
          .expect(200);
        await http()
          .post(`/v1/requests/${body.id}/comments`)
          .set(as(GIEN))
          .send({ text: 'Merci' })
          .expect(200);
        await http()
          .post(`/v1/requests/${body.id}/close`)
          .set(as(LOIRET))
          .send({ outcome: 'resolved', raw: { code: 'CLOS', label: 'Réparé' } })
          .expect(200);
        const reopened = await http()
          .post(`/v1/requests/${body.id}/reopen`)
          .set(as(GIEN))
          .send({ reason: 'Le trou est revenu' })
          .expect(200);
        const state = await get(`/v1/requests/${body.id}`)
          .query({ minRevision: reopened.body.revision })
          .expect(200);
        expect(state.body).toMatchObject({
          lifecycle: 'open',
          status: 'in_progress',
          externalReferences: [{ authority: LOIRET, reference: 'CD45-0042' }],
          commentCount: 1,
        });
        expect(state.body.revision).toBeGreaterThanOrEqual(reopened.body.revision);
        const types = (await get(`/v1/requests/${body.id}/events`)).body.events.map(
          (e: { type: string }) => e.type,
        );
        expect(types).toEqual([
          'RequestFiled',
          'RequestRouted',
          'RequestAcknowledged',
          'StatusChanged',
          'CommentAdded',
          'RequestClosed',
          'RequestReopened',
        ]);
      });

      it('routes by competence on the real territory: waste collection in Gien goes to CC Giennoises', async () => {
        const { body } = await file({ ...pothole('GIEN-5w'), category: 'waste.collection' }).expect(
          201,
        );
        const state = await get(`/v1/requests/${body.id}`)
          .query({ minRevision: body.revision })
          .expect(200);
        expect(state.body.targets).toEqual([EPCI]);
        expect(state.body.routing.rule.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
        const unknownCommune = await file({
          ...pothole('GIEN-5x'),
          location: { inseeCode: '99999' },
        }).expect(400);
        expect(unknownCommune.body).toMatchObject({
          code: 'DIRECTORY.UNKNOWN_COMMUNE',
          field: 'location.inseeCode',
        });
        const unknownCategory = await file({
          ...pothole('GIEN-5y'),
          category: 'roads.martian',
        }).expect(400);
        expect(unknownCategory.body).toMatchObject({
          code: 'DIRECTORY.UNKNOWN_CATEGORY',
          field: 'category',
        });
        const page = await get('/v1/requests')
          .query({ authority: GIEN, pageSize: 100 })
          .expect(200);
        const externalIds = page.body.items.map(
          (item: { source: { externalId: string } }) => item.source.externalId,
        );
        expect(externalIds).not.toContain('GIEN-5x');
        expect(externalIds).not.toContain('GIEN-5y');
      });

      it('transfers a request and lists requests by authority and status', async () => {
        const { body } = await file(pothole('GIEN-5')).expect(201);
        const notTarget = await http()
          .post(`/v1/requests/${body.id}/transfer`)
          .set(as(GIEN))
          .send({ to: [EPCI], reason: 'Compétence intercommunale' })
          .expect(403);
        expect(notTarget.body.code).toBe('REQUEST.NOT_A_TARGET');
        const transferred = await http()
          .post(`/v1/requests/${body.id}/transfer`)
          .set(as(LOIRET))
          .send({ to: [EPCI], reason: 'Voie communautaire, pas départementale' })
          .expect(200);
        await get(`/v1/requests/${body.id}`)
          .query({ minRevision: transferred.body.revision })
          .expect(200);
        const page = await get('/v1/requests', EPCI)
          .query({ authority: EPCI, status: 'routed' })
          .expect(200);
        expect(page.body.items.map((item: { id: string }) => item.id)).toContain(body.id);
        // Transferred away, Loiret still reads what it received, but can no longer change it.
        await get(`/v1/requests/${body.id}`, LOIRET).expect(200);
        await http()
          .post(`/v1/requests/${body.id}/comments`)
          .set(as(LOIRET))
          .send({ text: 'encore là ?' })
          .expect(403);
        const capped = await get('/v1/requests').query({ pageSize: 1000 }).expect(200);
        expect(capped.body.pageSize).toBe(hub.config.http.maxPageSize);
      });

      it('refuses an illegal transition with a stable code and records nothing', async () => {
        const { body } = await file(pothole('GIEN-6')).expect(201);
        const refused = await http()
          .post(`/v1/requests/${body.id}/status`)
          .set(as(LOIRET))
          .send({ to: 'received', raw: { code: 'X', label: 'X' } })
          .expect(409);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.body).toMatchObject({
          status: 409,
          code: 'REQUEST.ILLEGAL_TRANSITION',
          retriable: false,
        });
        expect(await eventCount(body.id)).toBe(2);
      });

      it('names the offending field of invalid input and records nothing', async () => {
        const invalid = await file({
          ...pothole('GIEN-7'),
          location: { inseeCode: 'Gien' },
        }).expect(400);
        expect(invalid.body).toMatchObject({
          code: 'VALIDATION.INVALID',
          field: 'location.inseeCode',
        });
        const extra = await file({ ...pothole('GIEN-7'), status: 'resolved' }).expect(400);
        expect(extra.body.errors).toContainEqual({
          field: 'status',
          reason: 'is not an accepted field',
        });
        const noKey = await http()
          .post('/v1/requests')
          .set({ 'Maillage-Authority': GIEN })
          .send(pothole('GIEN-7'))
          .expect(401);
        expect(noKey.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', field: 'authorization' });
        const otherActor = await file(pothole('GIEN-7'), { 'Maillage-Authority': LOIRET }).expect(
          403,
        );
        expect(otherActor.body).toMatchObject({
          code: 'AUTH.ACTOR_MISMATCH',
          field: 'Maillage-Authority',
        });
        const malformed = await http()
          .post('/v1/requests')
          .set({ ...as(GIEN), 'content-type': 'application/json' })
          .send('{"source":')
          .expect(400);
        expect(malformed.body.code).toBe('HTTP.MALFORMED_JSON');
        const text = await http()
          .post('/v1/requests')
          .set({ ...as(GIEN), 'content-type': 'text/plain' })
          .send('hello')
          .expect(415);
        expect(text.body.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
        const page = await get('/v1/requests').query({ pageSize: 10 }).expect(200);
        expect(
          page.body.items.some(
            (item: { source: { externalId: string } }) => item.source.externalId === 'GIEN-7',
          ),
        ).toBe(false);
      });

      it('answers 404 for unknown ids and 413 for oversized bodies', async () => {
        await get('/v1/requests/00000000-0000-4000-8000-000000000000').expect(404);
        await get('/v1/requests/not-an-id/events').expect(404);
        const missing = await http()
          .post('/v1/requests/00000000-0000-4000-8000-000000000000/status')
          .set(as(LOIRET))
          .send({ to: 'in_progress', raw: { code: 'A', label: 'B' } })
          .expect(404);
        expect(missing.body.code).toBe('REQUEST.NOT_FOUND');
        const huge = {
          ...pothole('GIEN-8'),
          description: 'x'.repeat(hub.config.http.bodyLimitBytes),
        };
        const tooLarge = await file(huge).expect(413);
        expect(tooLarge.body.code).toBe('HTTP.BODY_TOO_LARGE');
      });

      it('rebuilds the read model from position zero to the same state', async () => {
        const { body } = await file(pothole('GIEN-10')).expect(201);
        await get(`/v1/requests/${body.id}`).query({ minRevision: body.revision }).expect(200);
        const before = await get('/v1/requests').query({ pageSize: 100 }).expect(200);
        const projection = hub.app.get(RequestProjection);
        await projection.stop();
        await hub.app.get<RequestReadModel>(REQUEST_READ_MODEL).reset();
        const emptied = await get('/v1/requests').expect(200);
        expect(emptied.body.total).toBe(0);
        await projection.start();
        const head = await hub.app.get<EventStore>(EVENT_STORE).headPosition();
        expect(await projection.waitFor(head, 10_000)).toBe(true);
        const after = await get('/v1/requests').query({ pageSize: 100 }).expect(200);
        expect(after.body).toEqual(before.body);
      });

      it('keeps one history under concurrent status changes (every loser retries or gets a clear error)', async () => {
        const { body } = await file(pothole('GIEN-9')).expect(201);
        const comments = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            http()
              .post(`/v1/requests/${body.id}/comments`)
              .set(as(GIEN))
              .send({ text: `c${i}` }),
          ),
        );
        expect(
          comments.every((response) => response.status === 200 || response.status === 409),
        ).toBe(true);
        const ok = comments.filter((response) => response.status === 200).length;
        const history = (await get(`/v1/requests/${body.id}/events`)).body.events;
        expect(history).toHaveLength(2 + ok);
        expect(history.map((e: { revision: number }) => e.revision)).toEqual(
          history.map((_: unknown, i: number) => i),
        );
      });
    });
  }
}

requestsApi(['sqlite', 'postgres']);
