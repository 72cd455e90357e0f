import { generateSigningKey, parseSigningKey } from './webhook-keys';
import { webhookSignature } from './webhook-signature';
import { AppliedWebhooks, verifyWebhook, type WebhookVerificationKey } from './webhook-verifier';

/** A message as the hub sends it: the body, and the three Standard Webhooks headers. */
function sent(id: string, timestamp: number, body: string, keys: readonly string[]) {
  return {
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': webhookSignature(
        { id, timestamp, body },
        keys.map((key) => parseSigningKey(key)),
      ),
    },
  };
}

const T = 1_796_000_000;
const at = (seconds: number) => () => seconds * 1000;

describe('verifying webhooks on the receiver side', () => {
  const hmac = generateSigningKey('hmac-sha256');
  const ed = generateSigningKey('ed25519');
  const hmacKey: WebhookVerificationKey = { scheme: 'hmac-sha256', secret: hmac.encoded };
  const edKey: WebhookVerificationKey = { scheme: 'ed25519', publicKey: ed.publicKey! };
  const body = '{"TYPE_MESSAGE":"CHANGEMENT_STATUT","ID_MAILLAGE":"0b6f3c1e"}';

  it('accepts a fresh message, and refuses a replay after the tolerance window', () => {
    const message = sent('msg_1', T, body, [hmac.encoded]);
    expect(verifyWebhook(message.headers, message.body, [hmacKey], { now: at(T + 299) })).toEqual({
      ok: true,
      webhookId: 'msg_1',
      timestamp: T,
    });
    for (const late of [T + 301, T - 301, T + 86_400]) {
      expect(verifyWebhook(message.headers, message.body, [hmacKey], { now: at(late) })).toEqual({
        ok: false,
        reason: 'stale-timestamp',
      });
    }
    expect(
      verifyWebhook(message.headers, message.body, [hmacKey], {
        now: at(T + 30),
        toleranceSeconds: 10,
      }).ok,
    ).toBe(false);
  });

  it('refuses a one-bit change anywhere in the body, for both schemes', () => {
    const message = sent('msg_2', T, body, [hmac.encoded, ed.encoded]);
    const bytes = Buffer.from(body);
    for (let index = 0; index < bytes.length; index++) {
      const flipped = Buffer.from(bytes);
      flipped[index] = flipped[index]! ^ 0x01;
      for (const key of [hmacKey, edKey]) {
        expect(
          verifyWebhook(message.headers, flipped.toString('latin1'), [key], { now: at(T) }),
        ).toEqual({ ok: false, reason: 'bad-signature' });
      }
    }
  });

  it('refuses a message without its headers or with a signature of another id or timestamp', () => {
    const message = sent('msg_3', T, body, [hmac.encoded]);
    expect(verifyWebhook({}, body, [hmacKey], { now: at(T) })).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
    const otherId = { ...message.headers, 'webhook-id': 'msg_4' };
    expect(verifyWebhook(otherId, body, [hmacKey], { now: at(T) }).ok).toBe(false);
    const otherTime = { ...message.headers, 'webhook-timestamp': String(T + 1) };
    expect(verifyWebhook(otherTime, body, [hmacKey], { now: at(T) }).ok).toBe(false);
  });

  it('recognises a legitimate retry of an applied message by its id', () => {
    const applied = new AppliedWebhooks();
    // The hub retries with the same webhook-id, a new timestamp and so a new signature.
    const first = sent('msg_5', T, body, [hmac.encoded]);
    const retry = sent('msg_5', T + 60, body, [hmac.encoded]);
    const verdicts = [first, retry].map((message) =>
      verifyWebhook(message.headers, message.body, [hmacKey], { now: at(T + 61) }),
    );
    expect(verdicts.every((verdict) => verdict.ok)).toBe(true);
    const ids = verdicts.map((verdict) => (verdict.ok ? verdict.webhookId : ''));
    expect(ids.map((id) => applied.firstTime(id))).toEqual([true, false]);
    expect(applied.firstTime('msg_6')).toBe(true);
  });

  it('accepts the old and the new key during a rotation, then only the new one', () => {
    const next = generateSigningKey('hmac-sha256');
    const nextKey: WebhookVerificationKey = { scheme: 'hmac-sha256', secret: next.encoded };
    // Overlap: the hub signs with both; a receiver holding either key accepts.
    const during = sent('msg_7', T, body, [hmac.encoded, next.encoded]);
    for (const keys of [[hmacKey], [nextKey], [hmacKey, nextKey]]) {
      expect(verifyWebhook(during.headers, during.body, keys, { now: at(T) }).ok).toBe(true);
    }
    // The old secret revoked: the hub signs with the new one only.
    const after = sent('msg_8', T, body, [next.encoded]);
    expect(verifyWebhook(after.headers, after.body, [nextKey], { now: at(T) }).ok).toBe(true);
    expect(verifyWebhook(after.headers, after.body, [hmacKey], { now: at(T) })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    // An HMAC to Ed25519 rotation works the same way.
    const mixed = sent('msg_9', T, body, [next.encoded, ed.encoded]);
    expect(verifyWebhook(mixed.headers, mixed.body, [edKey], { now: at(T) }).ok).toBe(true);
  });

  it('forgets the oldest ids past its capacity', () => {
    const applied = new AppliedWebhooks(2);
    expect(['a', 'b', 'c'].map((id) => applied.firstTime(id))).toEqual([true, true, true]);
    expect(applied.firstTime('c')).toBe(false);
    expect(applied.firstTime('a')).toBe(true);
  });
});
