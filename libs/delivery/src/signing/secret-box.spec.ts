import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('hub-secret-hub-secret-hub-secret-0123');

  it('seals a key so that the stored text does not contain it, and opens it again', () => {
    const sealed = box.seal('whsec_abcdefghijklmnopqrstuvwxyz012345');
    expect(sealed).not.toContain('abcdefghijklmnop');
    expect(box.open(sealed)).toBe('whsec_abcdefghijklmnopqrstuvwxyz012345');
  });

  it('refuses a sealed text altered, or sealed under another hub secret', () => {
    const sealed = box.seal('whsec_abcdefghijklmnopqrstuvwxyz012345');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[3] = data.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox('another-hub-secret-another-hub-secret').open(sealed)).toThrow();
  });
});
