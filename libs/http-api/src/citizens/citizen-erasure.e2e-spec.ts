import request from 'supertest';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE } from '@maillage/service-requests';
import { createTestHub, type TestHub } from '../testing/test-hub';

const ADMIN = 'admin-token-erasure-erasure-erasure-0001';

describe('POST /v1/citizens/erasure: bad input', () => {
  let hub: TestHub;
  const http = () => request(hub.app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN}` };
  const asked = { legalBasis: 'rgpd_art17_1b', requester: 'DPO commune:45155, RGPD-2026-014' };

  beforeAll(async () => {
    hub = await createTestHub('sqlite', { MAILLAGE_ADMIN_TOKEN: ADMIN });
  });
  afterAll(async () => {
    await hub.close();
  });

  it.each([
    ['a null subjectId beside a contact', { subjectId: null, contact: 'camille@example.org' }],
    ['a null subjectId alone', { subjectId: null }],
    ['a null contact beside a subjectId', { subjectId: 'b7e0f7a4', contact: null }],
  ])('answers %s with a 400 naming the field, recording nothing', async (_, who) => {
    // Found by the fuzz (test/fuzz): `null` passed @IsOptional, then forCitizen(undefined) threw.
    const head = await hub.app.get<EventStore>(EVENT_STORE).headPosition();
    const refused = await http()
      .post('/v1/citizens/erasure')
      .set(admin)
      .send({ ...who, ...asked })
      .expect(400);
    const field = Object.entries(who).find(([, value]) => value === null)![0];
    expect(refused.body).toMatchObject({ code: 'VALIDATION.INVALID', field });
    expect(await hub.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(head);
  });
});
