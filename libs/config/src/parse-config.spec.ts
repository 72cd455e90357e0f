import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { parseConfig } from './parse-config';

describe('parseConfig', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'maillage-config-'));

  it('runs on the embedded default with no variable at all', () => {
    const dir = dataDir();
    const config = parseConfig({ MAILLAGE_DATA_DIR: dir });
    expect(config.eventStore).toEqual({ kind: 'sqlite', path: join(dir, 'events.sqlite') });
    expect(config.readModel.kind).toBe('sqlite');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      healthPort: null,
      bodyLimitBytes: 262_144,
      maxPageSize: 100,
      jsonMaxDepth: 16,
      jsonMaxArrayLength: 1000,
      rateLimit: { perSecond: 50, burst: 200 },
    });
    expect(config.hubSecret.length).toBeGreaterThanOrEqual(32);
    expect(parseConfig({ MAILLAGE_DATA_DIR: dir }).hubSecret).toBe(config.hubSecret);
  });

  it('keeps security events in files of their own, a year by default, or not at all', () => {
    const dir = dataDir();
    expect(parseConfig({ MAILLAGE_DATA_DIR: dir }).securityLog).toEqual({
      dir: join(dir, 'security-log'),
      retentionDays: 365,
    });
    expect(
      parseConfig({
        MAILLAGE_DATA_DIR: dir,
        MAILLAGE_SECURITY_LOG_DIR: join(dir, 'siem'),
        MAILLAGE_SECURITY_LOG_RETENTION_DAYS: '180',
      }).securityLog,
    ).toEqual({ dir: join(dir, 'siem'), retentionDays: 180 });
    expect(
      parseConfig({ MAILLAGE_DATA_DIR: dir, MAILLAGE_SECURITY_LOG_DIR: 'off' }).securityLog,
    ).toBeNull();
    expect(() =>
      parseConfig({ MAILLAGE_DATA_DIR: dir, MAILLAGE_SECURITY_LOG_RETENTION_DAYS: '0' }),
    ).toThrow(/MAILLAGE_SECURITY_LOG_RETENTION_DAYS/);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'http',
        MAILLAGE_EVENT_STORE: 'postgres',
        MAILLAGE_BODY_LIMIT: '1',
        MAILLAGE_HEALTH_PORT: '70000',
        MAILLAGE_DATA_DIR: dataDir(),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT=http'),
        expect.stringContaining('DATABASE_URL is required'),
        expect.stringContaining('MAILLAGE_BODY_LIMIT=1'),
        expect.stringContaining('MAILLAGE_HEALTH_PORT=70000'),
      ]),
    );
  });

  it('reads the JSON body limits and the rate limit, which 0 turns off', () => {
    const { http } = parseConfig({
      MAILLAGE_DATA_DIR: dataDir(),
      MAILLAGE_JSON_MAX_DEPTH: '8',
      MAILLAGE_JSON_MAX_ARRAY_LENGTH: '50',
      MAILLAGE_RATE_LIMIT_PER_SECOND: '0.5',
      MAILLAGE_RATE_LIMIT_BURST: '3',
    });
    expect(http).toMatchObject({
      jsonMaxDepth: 8,
      jsonMaxArrayLength: 50,
      rateLimit: { perSecond: 0.5, burst: 3 },
    });
    const off = (env: Record<string, string>) =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), ...env }).http.rateLimit;
    expect(off({ MAILLAGE_RATE_LIMIT_PER_SECOND: '0' })).toBeNull();
    expect(off({ MAILLAGE_RATE_LIMIT_BURST: '0' })).toBeNull();
    expect(() =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), MAILLAGE_RATE_LIMIT_PER_SECOND: 'fast' }),
    ).toThrow(/MAILLAGE_RATE_LIMIT_PER_SECOND=fast/);
    expect(() =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), MAILLAGE_JSON_MAX_DEPTH: '0' }),
    ).toThrow(/MAILLAGE_JSON_MAX_DEPTH=0/);
  });

  it('puts read models in PostgreSQL beside a PostgreSQL store', () => {
    const config = parseConfig({
      MAILLAGE_EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://u@h/db',
      MAILLAGE_HUB_SECRET: 'x'.repeat(32),
    });
    expect(config.eventStore).toMatchObject({ kind: 'postgres', schema: 'maillage', poolSize: 10 });
    expect(config.readModel).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u@h/db',
      schema: 'maillage_read',
    });
  });

  it('refuses a short hub secret and a schema name that is not an identifier', () => {
    expect(() =>
      parseConfig({ MAILLAGE_HUB_SECRET: 'short', MAILLAGE_DATA_DIR: dataDir() }),
    ).toThrow(/MAILLAGE_HUB_SECRET/);
    expect(() =>
      parseConfig({ MAILLAGE_PG_SCHEMA: 'x; drop', MAILLAGE_DATA_DIR: dataDir() }),
    ).toThrow(/MAILLAGE_PG_SCHEMA/);
  });

  it('closes the audit API by default and keeps the signing key in the data dir', () => {
    const dir = dataDir();
    const { audit } = parseConfig({ MAILLAGE_DATA_DIR: dir });
    expect(audit).toEqual({
      auditorToken: null,
      signingKeyFile: join(dir, 'audit-ed25519.pem'),
      checkpointIntervalMs: 3_600_000,
    });
  });

  it('reads the auditor token, the signing key file and the checkpoint interval', () => {
    const { audit } = parseConfig({
      MAILLAGE_DATA_DIR: dataDir(),
      MAILLAGE_AUDITOR_TOKEN: 'a'.repeat(32),
      MAILLAGE_AUDIT_SIGNING_KEY_FILE: '/etc/maillage/audit.pem',
      MAILLAGE_AUDIT_CHECKPOINT_INTERVAL: '0',
    });
    expect(audit).toEqual({
      auditorToken: 'a'.repeat(32),
      signingKeyFile: '/etc/maillage/audit.pem',
      checkpointIntervalMs: 0,
    });
    expect(() =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), MAILLAGE_AUDITOR_TOKEN: 'short' }),
    ).toThrow(/MAILLAGE_AUDITOR_TOKEN/);
    expect(() =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), MAILLAGE_AUDIT_CHECKPOINT_INTERVAL: '-1' }),
    ).toThrow(/MAILLAGE_AUDIT_CHECKPOINT_INTERVAL/);
  });

  it('defaults the webhook retry schedule to 5 s … 6 h and reads a tiny one for tests', () => {
    expect(parseConfig({ MAILLAGE_DATA_DIR: dataDir() }).webhooks).toEqual({
      retryScheduleMs: [
        5000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
      ],
      timeoutMs: 10_000,
      pollMs: 1000,
      concurrency: 32,
      allowHosts: [],
    });
    const { webhooks } = parseConfig({
      MAILLAGE_DATA_DIR: dataDir(),
      MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.05, 0.1,0',
      MAILLAGE_WEBHOOK_TIMEOUT_MS: '300',
      MAILLAGE_WEBHOOK_POLL_MS: '20',
      MAILLAGE_WEBHOOK_CONCURRENCY: '4',
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1, 2130706433,::1 , Receiver.Test,[fd00::1]',
    });
    expect(webhooks).toEqual({
      retryScheduleMs: [50, 100, 0],
      timeoutMs: 300,
      pollMs: 20,
      concurrency: 4,
      allowHosts: ['127.0.0.1', '127.0.0.1', '[::1]', 'receiver.test', '[fd00::1]'],
    });
    for (const bad of ['127.0.0.1:8080', 'grc.gien.fr/hooks', 'user@host', 'a b']) {
      expect(() =>
        parseConfig({ MAILLAGE_DATA_DIR: dataDir(), MAILLAGE_WEBHOOK_ALLOW_HOSTS: bad }),
      ).toThrow(/MAILLAGE_WEBHOOK_ALLOW_HOSTS/);
    }
    expect(() =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '5,soon' }),
    ).toThrow(/MAILLAGE_WEBHOOK_RETRY_SCHEDULE/);
  });

  describe('Kafka TLS and SASL', () => {
    const kafka = (env: Record<string, string>) =>
      parseConfig({ MAILLAGE_DATA_DIR: dataDir(), KAFKA_BROKERS: 'kafka-1:9093', ...env }).kafka;

    it('is plaintext without credentials by default', () => {
      expect(kafka({})).toMatchObject({ tls: null, sasl: null });
    });

    it('reads TLS with an own CA, and SCRAM credentials', () => {
      const ca = join(dataDir(), 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      expect(
        kafka({
          KAFKA_TLS: 'on',
          KAFKA_TLS_CA_FILE: ca,
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'maillage-relay',
          KAFKA_SASL_PASSWORD: 's3cret',
        }),
      ).toMatchObject({
        tls: { ca: expect.stringContaining('BEGIN CERTIFICATE') as string },
        sasl: { mechanism: 'scram-sha-512', username: 'maillage-relay', password: 's3cret' },
      });
      expect(kafka({ KAFKA_TLS: 'on' })).toMatchObject({ tls: { ca: null } });
    });

    it.each([
      [{ KAFKA_TLS: 'yes' }, 'KAFKA_TLS=yes'],
      [{ KAFKA_TLS_CA_FILE: '/nowhere.pem' }, 'KAFKA_TLS is off'],
      [{ KAFKA_TLS: 'on', KAFKA_TLS_CA_FILE: '/nowhere.pem' }, 'KAFKA_TLS_CA_FILE=/nowhere.pem'],
      [
        { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
        'KAFKA_SASL_MECHANISM=gssapi',
      ],
      [{ KAFKA_SASL_MECHANISM: 'scram-sha-256' }, 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD'],
      [{ KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_MECHANISM='],
    ])('refuses %p, naming the variable', (env, named) => {
      expect(() => kafka(env)).toThrow(ConfigError);
      expect(() => kafka(env)).toThrow(
        expect.objectContaining({ message: expect.stringContaining(named) as string }) as Error,
      );
    });
  });
});
