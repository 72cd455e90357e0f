import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { startTestReceiver, type TestReceiver } from './testing/test-receiver';

const ADMIN = 'webhook-ssrf-admin-token-webhook-ssrf-0001';
const admin = { authorization: `Bearer ${ADMIN}` };
const QUICK = {
  MAILLAGE_ADMIN_TOKEN: ADMIN,
  MAILLAGE_DEMO_CONNECTORS: 'off',
  MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05',
  MAILLAGE_WEBHOOK_TIMEOUT_MS: '300',
  MAILLAGE_WEBHOOK_POLL_MS: '50',
};
const gien = { authority: 'commune:45155', dialect: 'commune-v1' };

/**
 * Webhook URLs that lead to the hub's own machine or network (loopback, private, link-local such
 * as cloud metadata…) are refused when set, with a 400 naming the field, and again when the hub
 * connects — an attempt refused then fails with the reason and ends in the dead letters.
 */
describe('webhook targets: server-side request forgery', () => {
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  describe('at registration', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await createTestHub('sqlite', QUICK);
    });
    afterAll(async () => {
      await hub.close();
    });
    const http = () => request(hub.app.getHttpServer());

    it.each([
      ['http://127.0.0.1:8080/hooks', '127.0.0.1 is loopback'],
      ['http://localhost:8080/hooks', 'localhost is a loopback name'],
      ['http://[::1]:8080/hooks', '::1 is loopback'],
      ['https://2130706433/hooks', '127.0.0.1 is loopback'],
      ['https://0177.0.0.1/hooks', '127.0.0.1 is loopback'],
      ['https://[::ffff:127.0.0.1]/hooks', '::ffff:7f00:1 is loopback'],
      ['https://10.1.2.3/hooks', '10.1.2.3 is private (RFC 1918)'],
      ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is link-local'],
      ['https://[fd00::1]/hooks', 'fd00::1 is private'],
      ['https://100.64.0.1/hooks', '100.64.0.1 is shared'],
    ])('refuses %s with a 400 naming the field and the reason', async (url, reason) => {
      const refused = await http()
        .post('/v1/connectors')
        .set(admin)
        .send({ ...gien, id: 'gien-ssrf', name: 'Gien', delivery: { webhook: { url } } })
        .expect(400);
      expect(refused.body).toMatchObject({
        code: 'CONNECTOR.INVALID',
        field: 'delivery.webhook.url',
        detail: expect.stringContaining(reason) as unknown,
      });
      expect((refused.body as { detail: string }).detail).toContain('MAILLAGE_WEBHOOK_ALLOW_HOSTS');
      await http().get('/v1/connectors/gien-ssrf').set(admin).expect(404);
    });

    it('refuses such a URL on update too, and keeps the one before', async () => {
      await http()
        .post('/v1/connectors')
        .set(admin)
        .send({
          ...gien,
          id: 'gien-update',
          name: 'Gien',
          delivery: { webhook: { url: 'https://grc.gien.fr/hooks' } },
        })
        .expect(201);
      const refused = await http()
        .patch('/v1/connectors/gien-update')
        .set(admin)
        .send({ delivery: { webhook: { url: 'https://192.168.0.10/hooks' } } })
        .expect(400);
      expect(refused.body).toMatchObject({ field: 'delivery.webhook.url' });
      const shown = await http().get('/v1/connectors/gien-update').set(admin).expect(200);
      expect(JSON.stringify(shown.body)).toContain('https://grc.gien.fr/hooks');
    });
  });

  it('refuses at connection time a target no longer allowed: failed attempts, then a dead letter with the reason', async () => {
    // The operator allowed 127.0.0.1 when the URL was set, then took it off the list.
    const dataDir = mkdtempSync(join(tmpdir(), 'maillage-ssrf-'));
    try {
      const before = await createTestHub('sqlite', {
        ...QUICK,
        MAILLAGE_DATA_DIR: dataDir,
        MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      });
      let key: string;
      try {
        const http = request(before.app.getHttpServer());
        const created = await http
          .post('/v1/connectors')
          .set(admin)
          .send({
            ...gien,
            id: 'gien-local',
            name: 'Gien',
            delivery: { webhook: { url: receiver.url } },
          })
          .expect(201);
        key = (created.body as { apiKey: { key: string } }).apiKey.key;
        await request(before.app.getHttpServer())
          .post('/v1/connectors/gien-local/webhook-secrets')
          .set(admin)
          .send({})
          .expect(201);
      } finally {
        await before.close();
      }

      const after = await createTestHub('sqlite', { ...QUICK, MAILLAGE_DATA_DIR: dataDir });
      try {
        const http = () => request(after.app.getHttpServer());
        await http()
          .post('/v1/connectors/gien-local/requests')
          .set({ authorization: `Bearer ${key}` })
          .send({
            numeroDemande: 'GIEN-SSRF-1',
            canal: 'GUICHET',
            categorie: 'ROUTE_DEPARTEMENTALE',
            objet: 'Nid-de-poule sur la RD 940',
            lieu: { codeInsee: '45155' },
          })
          .expect(201);
        const feed = await http()
          .get('/v1/connectors/gien-local/feed?after=0')
          .set({ authorization: `Bearer ${key}` })
          .expect(200);
        const expected = (feed.body as { items: unknown[] }).items.length;
        expect(expected).toBeGreaterThan(0);
        const letters = await waitFor(async () => {
          const page = await http()
            .get('/v1/connectors/gien-local/webhook-dead-letters')
            .set(admin)
            .expect(200);
          const items = (page.body as { items: { attempts: number; lastError: string }[] }).items;
          return items.length === expected ? items : null;
        });
        for (const letter of letters) {
          expect(letter.attempts).toBe(4);
          expect(letter.lastError).toMatch(
            /^refused: 127\.0\.0\.1 is loopback .*MAILLAGE_WEBHOOK_ALLOW_HOSTS/,
          );
        }
        expect(receiver.received).toHaveLength(0);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== null) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}
