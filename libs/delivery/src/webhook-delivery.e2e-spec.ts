import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import request from 'supertest';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import {
  type ReceivedWebhook,
  startTestReceiver,
  type TestReceiver,
} from './testing/test-receiver';

const ADMIN = 'webhook-admin-token-webhook-admin-token-01';
/** 3 retries, 50 ms ceilings: 4 attempts, then the dead letters. */
const SCHEDULE_MS = 50;

interface Created {
  readonly id: string;
  readonly key: string;
}

function hmacValid(secret: string, webhook: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${String(webhook.headers['webhook-id'])}.${String(webhook.headers['webhook-timestamp'])}.${webhook.body}`;
  const expected = createHmac('sha256', key).update(signed).digest();
  return String(webhook.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value] = signature.split(',');
      const presented = Buffer.from(value ?? '', 'base64');
      return (
        version === 'v1' &&
        presented.length === expected.length &&
        timingSafeEqual(presented, expected)
      );
    });
}

function ed25519Valid(publicKey: string, webhook: ReceivedWebhook): boolean {
  const key = createPublicKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64').toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = `${String(webhook.headers['webhook-id'])}.${String(webhook.headers['webhook-timestamp'])}.${webhook.body}`;
  return String(webhook.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value] = signature.split(',');
      return (
        version === 'v1a' &&
        verify(null, Buffer.from(signed), key, Buffer.from(value ?? '', 'base64'))
      );
    });
}

describe('signed webhooks (Standard Webhooks) to real receivers', () => {
  let hub: TestHub;
  const receivers: TestReceiver[] = [];
  let serial = 0;
  const http = () => request(hub.app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_WEBHOOK_RETRY_SCHEDULE: [SCHEDULE_MS, SCHEDULE_MS, SCHEDULE_MS]
        .map((ms) => ms / 1000)
        .join(','),
      MAILLAGE_WEBHOOK_TIMEOUT_MS: '300',
      MAILLAGE_WEBHOOK_POLL_MS: '50',
      // The test receivers listen on this machine: a host an operator must allow.
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await hub.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  async function receiver(...args: Parameters<typeof startTestReceiver>): Promise<TestReceiver> {
    const started = await startTestReceiver(...args);
    receivers.push(started);
    return started;
  }

  /**
   * A commune tool of Gien with a webhook: it hears of the requests it files (as their origin),
   * and of nothing else, since the requests below all go to the département.
   */
  async function gienTool(url: string): Promise<Created> {
    serial += 1;
    const id = `gien-hook-${serial}`;
    const created = await http()
      .post('/v1/connectors')
      .set(admin)
      .send({
        id,
        authority: 'commune:45155',
        name: id,
        dialect: 'commune-v1',
        delivery: { kafka: false, webhook: { url } },
      })
      .expect(201);
    return { id, key: (created.body as { apiKey: { key: string } }).apiKey.key };
  }

  async function issueSecret(
    connectorId: string,
    scheme: 'hmac-sha256' | 'ed25519' = 'hmac-sha256',
  ): Promise<{ secretId: string; secret: string | null; publicKey: string | null }> {
    const issued = await http()
      .post(`/v1/connectors/${connectorId}/webhook-secrets`)
      .set(admin)
      .send({ scheme })
      .expect(201);
    return (
      issued.body as {
        webhookSecret: { secretId: string; secret: string | null; publicKey: string | null };
      }
    ).webhookSecret;
  }

  async function file(tool: Created): Promise<string> {
    serial += 1;
    const filed = await http()
      .post(`/v1/connectors/${tool.id}/requests`)
      .set({ authorization: `Bearer ${tool.key}` })
      .send({
        numeroDemande: `GIEN-HOOK-${serial}`,
        canal: 'GUICHET',
        categorie: 'ROUTE_DEPARTEMENTALE',
        objet: 'Nid-de-poule sur la RD 940',
        lieu: { codeInsee: '45155' },
      })
      .expect(201);
    return (filed.body as { id: string }).id;
  }

  async function feedOf(tool: Created): Promise<{ id: string; data: unknown }[]> {
    const page = await http()
      .get(`/v1/connectors/${tool.id}/feed?after=0`)
      .set({ authorization: `Bearer ${tool.key}` })
      .expect(200);
    return (page.body as { items: { id: string; data: unknown }[] }).items;
  }

  it('POSTs each message in order, signed with HMAC-SHA256 over {id}.{timestamp}.{body}', async () => {
    const gien = await receiver();
    const tool = await gienTool(gien.url);
    const { secret } = await issueSecret(tool.id);
    expect(secret).toMatch(/^whsec_/);
    await file(tool);
    const expected = await feedOf(tool);
    expect(expected.length).toBeGreaterThan(0);
    const received = await gien.waitFor(expected.length);
    expect(received.map((webhook) => JSON.parse(webhook.body) as unknown)).toEqual(
      expected.map((item) => item.data),
    );
    for (const [index, webhook] of received.entries()) {
      expect(webhook.headers['content-type']).toBe('application/json');
      expect(webhook.headers['webhook-id']).toBe(`msg_${expected[index]!.id}_${tool.id}`);
      expect(
        Math.abs(Number(webhook.headers['webhook-timestamp']) - Date.now() / 1000),
      ).toBeLessThan(10);
      expect(hmacValid(secret!, webhook)).toBe(true);
      expect(hmacValid(secret!, { ...webhook, body: webhook.body.replace('}', ' }') })).toBe(false);
    }
    const shown = await http().get(`/v1/connectors/${tool.id}`).set(admin).expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(secret!.slice(6));
  });

  it('signs with both keys during a rotation (HMAC then Ed25519), then only with the new one', async () => {
    const gien = await receiver();
    const tool = await gienTool(gien.url);
    const old = await issueSecret(tool.id);
    const next = await issueSecret(tool.id, 'ed25519');
    expect(next.secret).toBeNull();
    expect(next.publicKey).toMatch(/^whpk_/);
    await http().post(`/v1/connectors/${tool.id}/webhook-secrets`).set(admin).send({}).expect(409);
    await file(tool);
    const during = await gien.waitFor(1);
    expect(String(during[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(hmacValid(old.secret!, during[0]!)).toBe(true);
    expect(ed25519Valid(next.publicKey!, during[0]!)).toBe(true);

    await http()
      .delete(`/v1/connectors/${tool.id}/webhook-secrets/${old.secretId}`)
      .set(admin)
      .expect(204);
    const before = gien.received.length;
    await file(tool);
    const after = (await gien.waitFor(before + 1)).slice(before);
    expect(String(after[0]!.headers['webhook-signature'])).toMatch(/^v1a,[^ ]+$/);
    expect(hmacValid(old.secret!, after[0]!)).toBe(false);
    expect(ed25519Valid(next.publicKey!, after[0]!)).toBe(true);
  });

  it('retries a failing receiver with the same webhook-id until it accepts', async () => {
    const gien = await receiver((index) => ({ status: index < 2 ? 503 : 200 }));
    const tool = await gienTool(gien.url);
    await issueSecret(tool.id);
    await file(tool);
    const expected = await feedOf(tool);
    const received = await gien.waitFor(2 + expected.length);
    expect(new Set(received.slice(0, 3).map((webhook) => webhook.headers['webhook-id'])).size).toBe(
      1,
    );
    const letters = await http().get(`/v1/connectors/${tool.id}/webhook-dead-letters`).set(admin);
    expect(letters.body).toEqual({ items: [] });
  });

  it('disables the webhook on 410 Gone, records why, and sends nothing more', async () => {
    const gien = await receiver(() => ({ status: 410 }));
    const tool = await gienTool(gien.url);
    await issueSecret(tool.id);
    await file(tool);
    await gien.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(gien.received).toHaveLength(1);
    const shown = await http().get(`/v1/connectors/${tool.id}`).set(admin).expect(200);
    const webhook = (
      shown.body as { connector: { delivery: { webhook: Record<string, unknown> } } }
    ).connector.delivery.webhook;
    expect(webhook['disabledAt']).toEqual(expect.any(String));
    expect(webhook['disabledReason']).toMatch(/410 Gone/);

    // Setting the URL again enables it again, from the message that got the 410.
    gien.answer(() => ({ status: 200 }));
    await http()
      .patch(`/v1/connectors/${tool.id}`)
      .set(admin)
      .send({ delivery: { webhook: { url: gien.url } } })
      .expect(200);
    const again = await gien.waitFor(2);
    expect(again[1]!.headers['webhook-id']).toBe(again[0]!.headers['webhook-id']);
  });

  it('honours Retry-After on 429 instead of the schedule', async () => {
    const gien = await receiver((index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const tool = await gienTool(gien.url);
    await issueSecret(tool.id);
    await file(tool);
    const [first, second] = await gien.waitFor(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    // The schedule alone would have retried within 50 ms.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not follow redirects: a 302 is a failure, retried, then dead-lettered', async () => {
    const elsewhere = await receiver();
    const gien = await receiver(() => ({ status: 302, headers: { location: elsewhere.url } }));
    const tool = await gienTool(gien.url);
    await issueSecret(tool.id);
    await file(tool);
    const expected = await feedOf(tool);
    await gien.waitFor(4 * expected.length, undefined, 8000);
    await waitUntil(async () => (await deadLetters(tool.id)).length === expected.length);
    expect(elsewhere.received).toHaveLength(0);
    expect((await deadLetters(tool.id))[0]).toMatchObject({
      attempts: 4,
      lastError: 'HTTP 302: redirects are not followed',
    });
  });

  it('gives up an attempt after the timeout and tries again', async () => {
    const gien = await receiver((index) => (index === 0 ? 'hang' : { status: 200 }));
    const tool = await gienTool(gien.url);
    await issueSecret(tool.id);
    await file(tool);
    const [first, second] = await gien.waitFor(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(280);
  });

  it('dead-letters after the last retry, moves on, and replays a dead letter through the API', async () => {
    let failing = true;
    const gien = await receiver(() => ({ status: failing ? 500 : 200 }));
    const tool = await gienTool(gien.url);
    await issueSecret(tool.id);
    await file(tool);
    const expected = await feedOf(tool);
    await waitUntil(async () => (await deadLetters(tool.id)).length === expected.length);
    const [letter] = await deadLetters(tool.id);
    expect(letter).toMatchObject({
      connectorId: tool.id,
      eventId: expected[0]!.id,
      webhookId: `msg_${expected[0]!.id}_${tool.id}`,
      attempts: 4,
      lastError: 'HTTP 500',
    });
    expect(JSON.parse(letter!.body)).toEqual(expected[0]!.data);

    // A failed replay keeps it, one attempt more; once the receiver is fixed, it goes.
    await http()
      .post(`/v1/connectors/${tool.id}/webhook-dead-letters/${letter!.deadLetterId}/replay`)
      .set(admin)
      .expect(502);
    expect((await deadLetters(tool.id))[0]!.attempts).toBe(5);
    failing = false;
    // The cursor moved on: the next message is delivered at once.
    const before = gien.received.length;
    await file(tool);
    await gien.waitFor(before + 1);
    const replayed = await http()
      .post(`/v1/connectors/${tool.id}/webhook-dead-letters/${letter!.deadLetterId}/replay`)
      .set(admin)
      .expect(200);
    expect(replayed.body).toEqual({ delivered: true, status: 200 });
    const last = gien.received[gien.received.length - 1]!;
    expect(last.headers['webhook-id']).toBe(letter!.webhookId);
    expect(last.body).toBe(letter!.body);
    expect((await deadLetters(tool.id)).map((item) => item.deadLetterId)).not.toContain(
      letter!.deadLetterId,
    );
    await http()
      .post(`/v1/connectors/${tool.id}/webhook-dead-letters/${letter!.deadLetterId}/replay`)
      .set(admin)
      .expect(404);
    await http().get(`/v1/connectors/${tool.id}/webhook-dead-letters`).expect(401);
  });

  it('a receiver that hangs does not delay another connector', async () => {
    const dead = await receiver(() => 'hang');
    const healthy = await receiver();
    const stuck = await gienTool(dead.url);
    const fine = await gienTool(healthy.url);
    await issueSecret(stuck.id);
    await issueSecret(fine.id);
    await file(stuck);
    await dead.waitFor(1);
    const filedAt = Date.now();
    await file(fine);
    const [first] = await healthy.waitFor(1);
    // Well under one attempt's timeout (300 ms) times the retries of the stuck one.
    expect(first!.at - filedAt).toBeLessThan(600);
    expect(dead.received.length).toBeLessThan(4 * (await feedOf(stuck)).length + 1);
  });

  async function deadLetters(connectorId: string) {
    const page = await http()
      .get(`/v1/connectors/${connectorId}/webhook-dead-letters`)
      .set(admin)
      .expect(200);
    return (
      page.body as {
        items: {
          deadLetterId: string;
          connectorId: string;
          eventId: string;
          webhookId: string;
          body: string;
          attempts: number;
          lastError: string;
        }[];
      }
    ).items;
  }
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
