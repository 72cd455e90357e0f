import { isLoopbackName, WebhookTargetPolicy } from './webhook-target-policy';

describe('WebhookTargetPolicy', () => {
  const strict = new WebhookTargetPolicy();
  const refusal = (policy: WebhookTargetPolicy, url: string) => policy.refusalOfUrl(new URL(url));

  it.each([
    // Every IPv4 form the WHATWG URL parser normalises to the same address is refused alike.
    ['https://127.0.0.1/hooks', '127.0.0.1 is loopback'],
    ['https://2130706433/hooks', '127.0.0.1 is loopback'],
    ['https://0177.0.0.1/hooks', '127.0.0.1 is loopback'],
    ['https://0x7f.0.0.1/hooks', '127.0.0.1 is loopback'],
    ['https://0x7f000001/hooks', '127.0.0.1 is loopback'],
    ['https://127.1/hooks', '127.0.0.1 is loopback'],
    ['https://127.0.0.1./hooks', '127.0.0.1 is loopback'],
    ['https://10.0.0.1/hooks', '10.0.0.1 is private'],
    ['https://012.0.0.1/hooks', '10.0.0.1 is private'],
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is link-local'],
    ['https://2852039166/latest/meta-data/', '169.254.169.254 is link-local'],
    ['https://100.100.100.200/', '100.100.100.200 is shared'],
    ['https://0.0.0.0:8443/', '0.0.0.0 is unspecified'],
    ['https://0/', '0.0.0.0 is unspecified'],
    ['https://224.0.0.251/', '224.0.0.251 is multicast'],
    ['https://[::1]/hooks', '::1 is loopback'],
    ['https://[0:0:0:0:0:0:0:1]/hooks', '::1 is loopback'],
    ['https://[::ffff:127.0.0.1]/hooks', '::ffff:7f00:1 is loopback'],
    ['https://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe is link-local'],
    ['https://[fd00::1]/hooks', 'fd00::1 is private'],
    ['https://[fe80::1]/hooks', 'fe80::1 is link-local'],
    ['https://localhost/hooks', 'localhost is a loopback name'],
    ['https://LOCALHOST./hooks', 'localhost. is a loopback name'],
    ['https://grc.localhost/hooks', 'grc.localhost is a loopback name'],
  ])('refuses %s at registration', (url, reason) => {
    expect(refusal(strict, url)).toContain(reason);
  });

  it.each([
    'https://grc.loiret.fr/maillage',
    'https://8.8.8.8/hooks',
    'https://[2001:4860:4860::8888]/hooks',
    // A name is judged at connection time, by what it resolves to then.
    'https://internal.example/hooks',
    'https://localhost.example.org/hooks',
  ])('lets %s through registration', (url) => {
    expect(refusal(strict, url)).toBeNull();
  });

  it('lets an operator allow a host, in any form the URL parser gives the same host', () => {
    const policy = new WebhookTargetPolicy(['127.0.0.1', '[::1]', 'Receiver.Test']);
    expect(refusal(policy, 'http://127.0.0.1:8080/hooks')).toBeNull();
    expect(refusal(policy, 'http://2130706433:8080/hooks')).toBeNull();
    expect(refusal(policy, 'http://[::1]:8080/hooks')).toBeNull();
    expect(refusal(policy, 'https://receiver.test./hooks')).toBeNull();
    expect(policy.allows('receiver.test')).toBe(true);
    // Only those hosts: another loopback address or name stays refused.
    expect(refusal(policy, 'http://127.0.0.2/hooks')).toContain('loopback');
    expect(refusal(policy, 'http://localhost:8080/hooks')).toContain('loopback name');
    expect(policy.allows('10.0.0.1')).toBe(false);
  });

  it('judges resolved addresses', () => {
    expect(strict.refusalOfAddress('192.168.1.10')).toBe('private (RFC 1918)');
    expect(strict.refusalOfAddress('::ffff:192.168.1.10')).toContain('private');
    expect(strict.refusalOfAddress('90.84.200.10')).toBeNull();
  });

  it('knows loopback names', () => {
    expect(isLoopbackName('localhost')).toBe(true);
    expect(isLoopbackName('a.b.localhost.')).toBe(true);
    expect(isLoopbackName('localhost.fr')).toBe(false);
    expect(isLoopbackName('mylocalhost')).toBe(false);
  });
});
