/**
 * A dead letter keeps the webhook body exactly as sent — the citizen's contact included, for the
 * authority that handles the request. Erasing the citizen redacts it: the list, a replay and the
 * state file's bytes no longer hold their data.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestHub, describeWithPostgres, type TestHub } from '@maillage/http-api/testing';
import { startTestReceiver, type TestReceiver } from './testing/test-receiver';

const ADMIN = 'erasure-admin-token-erasure-admin-token-01';
const EMAIL = 'noa.lefebvre@example.org';
const NAME = 'Noa Lefebvre';

for (const store of ['sqlite', 'postgres'] as const) {
  const suite = store === 'postgres' ? describeWithPostgres : describe;
  suite(`erasure of a citizen whose webhook went to the dead letters (${store})`, () => {
    let hub: TestHub;
    let receiver: TestReceiver;
    const http = () => request(hub.app.getHttpServer());
    const admin = { authorization: `Bearer ${ADMIN}` };

    beforeAll(async () => {
      hub = await createTestHub(store, {
        MAILLAGE_ADMIN_TOKEN: ADMIN,
        MAILLAGE_DEMO_CONNECTORS: 'off',
        MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.05',
        MAILLAGE_WEBHOOK_TIMEOUT_MS: '300',
        MAILLAGE_WEBHOOK_POLL_MS: '50',
        MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      });
      receiver = await startTestReceiver(() => ({ status: 500 }));
    });
    afterAll(async () => {
      await hub.close();
      await receiver.close();
    });

    it('redacts the dead letter: list, replay and file bytes', async () => {
      await http()
        .post('/v1/connectors')
        .set(admin)
        .send({
          id: 'loiret-hook',
          authority: 'departement:45',
          name: 'Loiret',
          dialect: 'departement-v1',
          delivery: { kafka: false, webhook: { url: receiver.url } },
        })
        .expect(201);
      await http()
        .post('/v1/connectors/loiret-hook/webhook-secrets')
        .set(admin)
        .send({})
        .expect(201);
      await http()
        .post('/v1/requests')
        .set(await hub.as('commune:45155'))
        .send({
          source: { externalId: 'ERASE-HOOK-1' },
          channel: 'web',
          category: 'roads.departmental',
          description: 'Nid-de-poule',
          location: { inseeCode: '45155' },
          citizen: { name: NAME, email: EMAIL },
        })
        .expect(201);
      const letters = async () =>
        (
          (
            await http()
              .get('/v1/connectors/loiret-hook/webhook-dead-letters')
              .set(admin)
              .expect(200)
          ).body as { items: { deadLetterId: string; body: string }[] }
        ).items;
      const deadline = Date.now() + 20_000;
      while (!(await letters()).some((l) => l.body.includes(EMAIL)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await letters()).some((l) => l.body.includes(EMAIL))).toBe(true);

      const erased = await http()
        .post('/v1/citizens/erasure')
        .set(admin)
        .send({
          contact: EMAIL,
          legalBasis: 'rgpd_art17_1a',
          requester: 'DPO de la mairie de Gien',
        })
        .expect(200);
      expect(JSON.stringify(erased.body)).not.toContain(EMAIL);

      const after = await letters();
      expect(after.length).toBeGreaterThan(0);
      for (const letter of after) {
        expect(letter.body).not.toContain(EMAIL);
        expect(letter.body).not.toContain(NAME);
      }
      expect(after.some((letter) => letter.body.includes('[effacé]'))).toBe(true);

      // A replay sends the redacted body.
      const before = receiver.received.length;
      await http()
        .post(`/v1/connectors/loiret-hook/webhook-dead-letters/${after[0]!.deadLetterId}/replay`)
        .set(admin)
        .expect(502);
      for (const webhook of receiver.received.slice(before))
        expect(webhook.body).not.toContain(EMAIL);

      // Nothing left in the bytes of the hub's files (the webhook state among them).
      if (store === 'postgres') return;
      for (const file of filesUnder(hub.config.dataDir)) {
        const bytes = readFileSync(file);
        expect([file, bytes.includes(Buffer.from(EMAIL))]).toEqual([file, false]);
      }
    });
  });
}

/** Every file below `dir`, subdirectories included (the security log keeps its own). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
