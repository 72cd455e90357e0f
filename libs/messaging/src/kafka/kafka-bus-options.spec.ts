import { kafkaBusOptions } from './kafka-bus-options';

describe('kafkaBusOptions', () => {
  const base = {
    brokers: ['kafka-1:9093'],
    clientId: 'maillage',
    eventsTopic: 'maillage.events.v1',
    inPurgeIntervalMs: 0,
  };

  it('names the client by its role, plaintext without credentials by default', () => {
    expect(kafkaBusOptions({ ...base, tls: null, sasl: null }, 'relay')).toEqual({
      brokers: ['kafka-1:9093'],
      clientId: 'maillage-relay',
    });
  });

  it('passes TLS (system trust store or own CA) and SASL, and lets a caller tune the rest', () => {
    const sasl = { mechanism: 'scram-sha-512' as const, username: 'relay', password: 'p' };
    expect(kafkaBusOptions({ ...base, tls: { ca: null }, sasl }, 'relay')).toMatchObject({
      ssl: true,
      sasl,
    });
    expect(
      kafkaBusOptions({ ...base, tls: { ca: 'PEM' }, sasl: null }, 'health', { retries: 0 }),
    ).toEqual({
      brokers: ['kafka-1:9093'],
      clientId: 'maillage-health',
      ssl: { ca: 'PEM' },
      retries: 0,
    });
  });
});
