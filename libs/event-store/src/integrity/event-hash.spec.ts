import { createHash } from 'node:crypto';

import {
  canonicalJson,
  computeEventHash,
  computeEventHashFromCanonicalParts,
  type EventHashInput,
} from './event-hash';

const event: EventHashInput = {
  streamId: 'request-0b7c',
  revision: 0,
  type: 'RequestFiled',
  eventId: '5f0c6f4e-3d0e-4d4b-9a53-1b1c2f0e9a10',
  data: { category: 'voirie', commune: '45155' },
  personal: { name: 'Jeanne Martin' },
  metadata: { correlationId: 'c-1' },
  recordedAt: '2025-03-14T09:26:53.589Z',
  previousHash: null,
};

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é"\n' } })).toBe(
      '{"a":{"c":"é\\"\\n","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe(
      '{"10":4,"9":5,"Z":3,"z":2,"é":1}',
    );
  });

  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('is stable through a JSON round trip, like what a store writes and reads back', () => {
    const value = {
      a: undefined,
      b: [undefined, 1e21, -0, 0.1],
      c: new Date('2025-01-01T00:00:00Z'),
    };
    const text = canonicalJson(value);
    expect(text).toBe('{"b":[null,1e+21,0,0.1],"c":"2025-01-01T00:00:00.000Z"}');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Infinity })).toThrow('$.n');
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cyclic');
  });
});

describe('computeEventHash', () => {
  it('is the SHA-256 hex of the canonical hashed fields', () => {
    // Pinned: changing the serialisation would invalidate every stored chain.
    expect(computeEventHash(event)).toBe(
      createHash('sha256')
        .update(
          '{"data":{"category":"voirie","commune":"45155"},"eventId":"5f0c6f4e-3d0e-4d4b-9a53-1b1c2f0e9a10",' +
            '"metadata":{"correlationId":"c-1"},"personal":{"name":"Jeanne Martin"},"previousHash":null,' +
            '"recordedAt":"2025-03-14T09:26:53.589Z","revision":0,"streamId":"request-0b7c","type":"RequestFiled"}',
        )
        .digest('hex'),
    );
  });

  it('ignores fields outside the hashed set, such as the global position', () => {
    expect(computeEventHash({ ...event, position: 7, hash: 'x' } as EventHashInput)).toBe(
      computeEventHash(event),
    );
  });

  it('changes when any hashed field changes', () => {
    const base = computeEventHash(event);
    const variants: Partial<EventHashInput>[] = [
      { streamId: 'request-other' },
      { revision: 1 },
      { type: 'RequestRouted' },
      { eventId: 'other' },
      { data: { category: 'voirie', commune: '45156' } },
      { personal: null },
      { metadata: {} },
      { recordedAt: '2025-03-14T09:26:53.590Z' },
      { previousHash: 'a'.repeat(64) },
    ];
    for (const variant of variants)
      expect(computeEventHash({ ...event, ...variant })).not.toBe(base);
  });

  it('agrees with the variant that splices already-canonical parts', () => {
    const samples: EventHashInput[] = [
      event,
      { ...event, personal: null, previousHash: 'f'.repeat(64), revision: 12 },
      {
        ...event,
        streamId: 'ré"q\\u2028',
        type: 'T\n',
        data: { z: [{ b: 1, a: -0.5e-7 }], a: 'x' },
        metadata: { k: { j: true } },
      },
    ];
    for (const sample of samples) {
      const { data, personal, metadata, ...fields } = sample;
      const parts = {
        data: canonicalJson(data),
        personal: personal === null ? null : canonicalJson(personal),
        metadata: canonicalJson(metadata),
      };
      expect(computeEventHashFromCanonicalParts(fields, parts)).toBe(computeEventHash(sample));
    }
  });
});
