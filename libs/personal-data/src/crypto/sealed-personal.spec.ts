import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { KeyEncryptionKey } from './key-encryption-key';
import { isSealedPersonal, openPersonal, sealPersonal } from './sealed-personal';

const SCHEMAS = join(__dirname, '../../../..', 'schemas/events');
const key = { keyId: 'k-1', key: randomBytes(32) };
const citizen = { subjectId: 's-1', name: 'Camille Martin', email: 'camille.martin@example.org' };

describe('sealPersonal / openPersonal', () => {
  it('seals every field but the subject id, in the published shape, and opens it back', () => {
    const sealed = sealPersonal(citizen, 's-1', 'event-1', key);
    expect(JSON.stringify(sealed)).not.toMatch(/Camille|camille/);
    expect(isSealedPersonal(sealed as never)).toBe(true);
    expect(openPersonal(sealed, 'event-1', key.key)).toEqual(citizen);

    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    for (const file of readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
    }
    const validate = ajv.getSchema(
      'https://maillage.example/schemas/events/common.v1.schema.json#/$defs/sealedPersonalData',
    )!;
    expect(validate(sealed) ? [] : validate.errors).toEqual([]);
    expect(validate(citizen)).toBe(false);
  });

  it('never seals the same data the same way twice (a fresh IV each time)', () => {
    const a = sealPersonal(citizen, 's-1', 'event-1', key);
    const b = sealPersonal(citizen, 's-1', 'event-1', key);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('does not open under another event, subject or key', () => {
    const sealed = sealPersonal(citizen, 's-1', 'event-1', key);
    expect(() => openPersonal(sealed, 'event-2', key.key)).toThrow(/does not open/);
    expect(() => openPersonal({ ...sealed, subjectId: 's-2' }, 'event-1', key.key)).toThrow();
    expect(() => openPersonal(sealed, 'event-1', randomBytes(32))).toThrow();
  });
});

describe('KeyEncryptionKey', () => {
  it('wraps a data key for its subject and key id only, and only under the same hub secret', () => {
    const kek = KeyEncryptionKey.fromHubSecret('test-secret-test-secret-test-secret-0123');
    const dataKey = randomBytes(32);
    const wrapped = kek.wrap('s-1', 'k-1', dataKey);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(kek.unwrap('s-1', 'k-1', wrapped)).toEqual(dataKey);
    expect(() => kek.unwrap('s-2', 'k-1', wrapped)).toThrow(/does not unwrap/);
    const other = KeyEncryptionKey.fromHubSecret('another-secret-another-secret-another-1');
    expect(other.fingerprint).not.toBe(kek.fingerprint);
    expect(() => other.unwrap('s-1', 'k-1', wrapped)).toThrow(/does not unwrap/);
  });
});
