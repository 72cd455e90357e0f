import { apiKeyFromSecret, issueApiKey, parseApiKey, randomKeyId, secretMatches } from './api-key';

describe('API keys', () => {
  it('issues keys whose secret only the hash can check', () => {
    const issued = issueApiKey();
    expect(issued.key).toMatch(/^mlg_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(issued.key).not.toContain(issued.secretHash);
    const parsed = parseApiKey(issued.key)!;
    expect(parsed.keyId).toBe(issued.keyId);
    expect(secretMatches(parsed.secret, issued.secretHash)).toBe(true);
    expect(
      secretMatches(
        parsed.secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        issued.secretHash,
      ),
    ).toBe(false);
  });

  it('issues a different key every time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => issueApiKey().key));
    expect(keys.size).toBe(50);
  });

  it.each([
    '',
    'mlg_',
    'Bearer x',
    `mlg_ABCDEFGHIJKL_${'a'.repeat(43)}`,
    `mlg_abcdefghijkl_${'a'.repeat(42)}`,
  ])('does not parse %p', (key) => {
    expect(parseApiKey(key)).toBeNull();
  });

  it('refuses a malformed secret when building a key', () => {
    expect(() => apiKeyFromSecret('abcdefghijkl', 'short')).toThrow(TypeError);
  });

  it('spreads key ids over the base32 alphabet', () => {
    expect(randomKeyId(Buffer.alloc(12, 0))).toBe('aaaaaaaaaaaa');
    expect(randomKeyId(Buffer.alloc(12, 255))).toBe('777777777777');
  });
});
