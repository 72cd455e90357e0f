import type { LookupAddress } from 'node:dns';
import { type Connector, WebhookTargetPolicy } from '@maillage/connectors';
import type { WebhookSecrets } from '../secrets/webhook-secrets';
import { parseSigningKey, generateSigningKey } from '../signing/webhook-keys';
import { startTestReceiver, type TestReceiver } from '../testing/test-receiver';
import type { WebhookMessage } from './webhook-message';
import { WebhookSender } from './webhook-sender';
import { pinnedLookup, type ResolveAll } from './webhook-target';

const key = parseSigningKey(generateSigningKey('hmac-sha256').encoded);
const secrets = { signingKeys: () => Promise.resolve([key]) } as unknown as WebhookSecrets;
const message: WebhookMessage = {
  webhookId: 'msg_1_gien',
  body: '{"evenement":"demande.enregistree"}',
  messageType: 'fr.maillage.dialect.commune-v1.demande-enregistree',
  eventType: 'RequestFiled',
};

function connectorTo(url: string): Connector {
  return {
    id: 'gien',
    delivery: {
      kafka: false,
      webhook: { url, secrets: [], disabledAt: null, disabledReason: null },
    },
  } as unknown as Connector;
}

/** A resolver from a table, counting its calls; unknown names fail like `dns.lookup`. */
function resolverOf(table: Record<string, string[]>): ResolveAll & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) {
      return Promise.reject(Object.assign(new Error(`no ${hostname}`), { code: 'ENOTFOUND' }));
    }
    return Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return Object.assign(resolve, { calls });
}

/** Treats 127.0.0.1 as if it were public, so that a name "resolving" to it can be followed. */
class LoopbackAsPublic extends WebhookTargetPolicy {
  override refusalOfAddress(address: string): string | null {
    return address === '127.0.0.1' ? null : super.refusalOfAddress(address);
  }
}

describe('WebhookSender: where an attempt may connect (server-side request forgery)', () => {
  let receiver: TestReceiver;
  const senders: WebhookSender[] = [];
  const sender = (...args: ConstructorParameters<typeof WebhookSender>): WebhookSender => {
    const created = new WebhookSender(...args);
    senders.push(created);
    return created;
  };
  const port = () => new URL(receiver.url).port;

  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(async () => {
    for (const created of senders) created.close();
    await receiver.close();
  });

  it('refuses a loopback literal unless the host is allowed, and says why', async () => {
    const strict = sender(secrets, { timeoutMs: 1000 });
    const outcome = await strict.send(connectorTo(receiver.url), message);
    expect(outcome).toEqual({
      kind: 'failed',
      error: expect.stringMatching(
        /^refused: 127\.0\.0\.1 is loopback \(127\.0\.0\.0\/8\);.*MAILLAGE_WEBHOOK_ALLOW_HOSTS/,
      ) as unknown,
      retryAfterMs: null,
    });
    expect(receiver.received).toHaveLength(0);

    const allowing = sender(secrets, { targets: new WebhookTargetPolicy(['127.0.0.1']) });
    await expect(allowing.send(connectorTo(receiver.url), message)).resolves.toEqual({
      kind: 'delivered',
      status: 204,
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['webhook-id']).toBe('msg_1_gien');
  });

  it.each([
    ['http://2130706433:PORT/hooks', '127.0.0.1 is loopback'],
    ['http://0177.0.0.1:PORT/hooks', '127.0.0.1 is loopback'],
    ['http://[::ffff:127.0.0.1]:PORT/hooks', '::ffff:7f00:1 is loopback'],
    ['http://[::1]:PORT/hooks', '::1 is loopback'],
    ['http://localhost:PORT/hooks', 'localhost is a loopback name'],
  ])('refuses %s before connecting', async (url, reason) => {
    const resolve = resolverOf({});
    const before = receiver.received.length;
    const outcome = await sender(secrets, { resolve }).send(
      connectorTo(url.replace('PORT', port())),
      message,
    );
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringContaining(reason) });
    expect(resolve.calls).toEqual([]);
    expect(receiver.received).toHaveLength(before);
  });

  it('refuses a name when any address it resolves to is not public', async () => {
    const resolve = resolverOf({
      'intranet.test': ['10.0.0.7'],
      'metadata.test': ['169.254.169.254'],
      'mixed.test': ['90.84.200.10', '::ffff:192.168.1.1'],
    });
    const strict = sender(secrets, { resolve, timeoutMs: 1000 });
    const attempt = (host: string) => strict.send(connectorTo(`https://${host}/hooks`), message);
    await expect(attempt('intranet.test')).resolves.toMatchObject({
      error: expect.stringMatching(
        /^refused: intranet\.test resolves to 10\.0\.0\.7, which is private \(RFC 1918\)/,
      ) as unknown,
    });
    await expect(attempt('metadata.test')).resolves.toMatchObject({
      error: expect.stringContaining('169.254.169.254, which is link-local') as unknown,
    });
    await expect(attempt('mixed.test')).resolves.toMatchObject({
      error: expect.stringContaining('::ffff:192.168.1.1, which is private') as unknown,
    });
    await expect(attempt('unknown.test')).resolves.toEqual({
      kind: 'failed',
      error: 'network error: ENOTFOUND',
      retryAfterMs: null,
    });
  });

  it('connects to the address it checked, not to what the name resolves to a moment later', async () => {
    // A rebinding resolver: the checked answer first, then an internal address for any later
    // lookup. The name is unknown to the system resolver, so a request that did its own lookup
    // would fail: reaching the receiver proves the connection took the checked address.
    let lookups = 0;
    const rebinding: ResolveAll = () => {
      lookups += 1;
      return Promise.resolve([{ address: lookups === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }]);
    };
    const pinned = sender(secrets, { targets: new LoopbackAsPublic(), resolve: rebinding });
    const before = receiver.received.length;
    await expect(
      pinned.send(connectorTo(`http://rebinding.test:${port()}/hooks`), message),
    ).resolves.toEqual({ kind: 'delivered', status: 204 });
    expect(lookups).toBe(1);
    expect(receiver.received).toHaveLength(before + 1);
    expect(receiver.received[before]!.headers.host).toBe(`rebinding.test:${port()}`);
  });

  it('pins answers to every kind of lookup Node makes', () => {
    const lookup = pinnedLookup([
      { address: '90.84.200.10', family: 4 },
      { address: '2a01:cb00::1', family: 6 },
    ]);
    const answers: unknown[] = [];
    lookup('x.test', { all: true }, (error, address) => answers.push([error, address]));
    lookup('x.test', { family: 6 }, (error, address, family) =>
      answers.push([error, address, family]),
    );
    lookup('x.test', {}, (error, address, family) => answers.push([error, address, family]));
    expect(answers).toEqual([
      [
        null,
        [
          { address: '90.84.200.10', family: 4 },
          { address: '2a01:cb00::1', family: 6 },
        ],
      ],
      [null, '2a01:cb00::1', 6],
      [null, '90.84.200.10', 4],
    ]);
  });
});
