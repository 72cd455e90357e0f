import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { generateSigningKey, parseSigningKey } from './webhook-keys';
import { webhookSignature } from './webhook-signature';

/** A receiver's check, written from the Standard Webhooks text, not from the signer's code. */
function verifiesHmac(secret: string, id: string, timestamp: number, body: string, header: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    const presented = Buffer.from(value ?? '', 'base64');
    return (
      version === 'v1' &&
      presented.length === expected.length &&
      timingSafeEqual(presented, expected)
    );
  });
}

function verifiesEd25519(
  publicKey: string,
  id: string,
  timestamp: number,
  body: string,
  header: string,
) {
  const raw = Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64');
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
  return header.split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    return (
      version === 'v1a' &&
      verify(
        null,
        Buffer.from(`${id}.${timestamp}.${body}`),
        key,
        Buffer.from(value ?? '', 'base64'),
      )
    );
  });
}

describe('webhook signatures (Standard Webhooks)', () => {
  const content = { id: 'msg_evt-1_loiret-grc', timestamp: 1_796_000_000, body: '{"ID":"D45-1"}' };

  it('signs {id}.{timestamp}.{body} with HMAC-SHA256 as v1,<base64>', () => {
    const { encoded } = generateSigningKey('hmac-sha256');
    expect(encoded).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const header = webhookSignature(content, [parseSigningKey(encoded)]);
    expect(header).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifiesHmac(encoded, content.id, content.timestamp, content.body, header)).toBe(true);
  });

  it('is refused for a one-bit change of the body, another id or another timestamp', () => {
    const { encoded } = generateSigningKey('hmac-sha256');
    const header = webhookSignature(content, [parseSigningKey(encoded)]);
    expect(verifiesHmac(encoded, content.id, content.timestamp, '{"ID":"D45-0"}', header)).toBe(
      false,
    );
    expect(verifiesHmac(encoded, 'msg_other', content.timestamp, content.body, header)).toBe(false);
    expect(verifiesHmac(encoded, content.id, content.timestamp + 1, content.body, header)).toBe(
      false,
    );
  });

  it('signs with Ed25519 as v1a,<base64>, verifiable with the whpk_ public key alone', () => {
    const { encoded, publicKey } = generateSigningKey('ed25519');
    expect(encoded).toMatch(/^whsk_/);
    expect(Buffer.from(encoded.slice(5), 'base64')).toHaveLength(64);
    expect(publicKey).toMatch(/^whpk_/);
    const key = parseSigningKey(encoded);
    expect(key.scheme === 'ed25519' && key.publicKey).toBe(publicKey);
    const header = webhookSignature(content, [key]);
    expect(header).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(verifiesEd25519(publicKey!, content.id, content.timestamp, content.body, header)).toBe(
      true,
    );
    expect(
      verifiesEd25519(publicKey!, content.id, content.timestamp, `${content.body} `, header),
    ).toBe(false);
  });

  it('sends one signature per live key during a rotation, space-separated', () => {
    const old = generateSigningKey('hmac-sha256');
    const next = generateSigningKey('ed25519');
    const header = webhookSignature(content, [
      parseSigningKey(old.encoded),
      parseSigningKey(next.encoded),
    ]);
    expect(header.split(' ')).toHaveLength(2);
    expect(verifiesHmac(old.encoded, content.id, content.timestamp, content.body, header)).toBe(
      true,
    );
    expect(
      verifiesEd25519(next.publicKey!, content.id, content.timestamp, content.body, header),
    ).toBe(true);
  });

  it('refuses keys of another format', () => {
    expect(() => parseSigningKey('sk_live_123')).toThrow(/whsec_ or whsk_/);
    expect(() => parseSigningKey('whsec_c2hvcnQ=')).toThrow(/24 to 64 bytes/);
  });
});
