import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import type {
  EventStoreConfig,
  KafkaConfig,
  KeyStoreConfig,
  MaillageConfig,
  ReadModelConfig,
  WebhooksConfig,
} from './maillage-config';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses and validates the environment once, at boot. Every problem is collected and reported
 * together (fail fast, but not one variable at a time).
 *
 * | variable | default |
 * |---|---|
 * | HOST | 127.0.0.1 |
 * | PORT | 3000 |
 * | MAILLAGE_HEALTH_PORT | none (the relay, projector, dispatcher and deliverer serve /health and /metrics on it) |
 * | MAILLAGE_BODY_LIMIT | 262144 (bytes) |
 * | MAILLAGE_MAX_PAGE_SIZE | 100 |
 * | MAILLAGE_JSON_MAX_DEPTH | 16 (nesting of objects and arrays in a JSON body) |
 * | MAILLAGE_JSON_MAX_ARRAY_LENGTH | 1000 (items of any one array in a JSON body) |
 * | MAILLAGE_RATE_LIMIT_PER_SECOND | 50 (requests per second sustained, per caller; decimals allowed; 0: no limit) |
 * | MAILLAGE_RATE_LIMIT_BURST | 200 (requests a caller may send at once; 0: no limit) |
 * | MAILLAGE_DATA_DIR | ./data |
 * | MAILLAGE_EVENT_STORE | sqlite (sqlite, postgres, eventstoredb) |
 * | DATABASE_URL | required for postgres (event store or read models) |
 * | MAILLAGE_PG_SCHEMA | maillage |
 * | MAILLAGE_PG_POOL_SIZE | 10 |
 * | EVENTSTORE_CONNECTION_STRING | required for eventstoredb |
 * | MAILLAGE_READ_MODEL | postgres when DATABASE_URL is set and the store is not sqlite, else sqlite |
 * | MAILLAGE_HUB_SECRET | read from (or created in) <data dir>/hub.secret |
 * | MAILLAGE_COMMAND_RETRIES | 5 |
 * | MAILLAGE_PROJECTION | on (on, off) |
 * | MAILLAGE_COMPETENCE_RULES | the bundled schemas/routing/competence-rules.v1.json |
 * | LOG_LEVEL | log (error, warn, log, debug) |
 * | KAFKA_BROKERS | none: no relay to Kafka (comma-separated host:port) |
 * | MAILLAGE_KAFKA_CLIENT_ID | maillage |
 * | MAILLAGE_KAFKA_IN_PURGE_SECONDS | 300 (the gateway deletes what it committed from the in-topics; 0: never) |
 * | MAILLAGE_EVENTS_TOPIC | maillage.events.v1 |
 * | KAFKA_TLS | off (on: TLS to the brokers, with the system's trust store) |
 * | KAFKA_TLS_CA_FILE | none (a PEM file of the CA that signed the brokers' certificates) |
 * | KAFKA_SASL_MECHANISM | none (scram-sha-512, scram-sha-256 or plain) |
 * | KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD | required with KAFKA_SASL_MECHANISM |
 * | MAILLAGE_CONNECTORS_FILE | none (a JSON file of connectors loaded at boot) |
 * | MAILLAGE_DEMO_CONNECTORS | on with the SQLite store unless NODE_ENV=production, else off |
 * | MAILLAGE_ADMIN_TOKEN | none: admin API closed (derived from the hub secret in demo mode) |
 * | MAILLAGE_AUDITOR_TOKEN | none: audit API closed (403); at least 32 characters |
 * | MAILLAGE_AUDIT_SIGNING_KEY_FILE | <data dir>/audit-ed25519.pem (Ed25519 private key, PKCS#8 PEM; created if missing) |
 * | MAILLAGE_AUDIT_CHECKPOINT_INTERVAL | 3600 (seconds between signed audit checkpoints; 0: only on demand) |
 * | MAILLAGE_WEBHOOK_RETRY_SCHEDULE | 5,30,120,600,1800,3600,10800,21600 (seconds before each webhook retry, full jitter; decimals allowed) |
 * | MAILLAGE_WEBHOOK_TIMEOUT_MS | 10000 (one webhook attempt) |
 * | MAILLAGE_WEBHOOK_POLL_MS | 1000 (how long an idle webhook loop waits for new events) |
 * | MAILLAGE_WEBHOOK_CONCURRENCY | 32 (webhook requests in flight, all connectors together) |
 * | MAILLAGE_WEBHOOK_ALLOW_HOSTS | none (comma-separated hosts webhooks may reach though not public, e.g. 127.0.0.1) |
 * | MAILLAGE_KEY_STORE | postgres when the event store or the read models are on PostgreSQL, else sqlite (citizens' data keys) |
 * | MAILLAGE_KEY_STORE_PATH | <data dir>/keys.sqlite (the SQLite key store; back it up apart from the events) |
 * | MAILLAGE_KEY_CACHE_MS | 30000 (how long a process reuses a citizen's key; 0: never) |
 * | MAILLAGE_SECURITY_LOG_DIR | <data dir>/security-log (daily files of security events; off: logger only) |
 * | MAILLAGE_SECURITY_LOG_RETENTION_DAYS | 365 (days a security-event file is kept) |
 * | MAILLAGE_RETENTION_POLICY | the bundled schemas/retention/retention-policy.v1.json |
 * | MAILLAGE_ARCHIVES_DIR | <data dir>/archives (files exported for the archives service before disposal) |
 */
export function parseConfig(env: Env = process.env): MaillageConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${raw}: expected one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  };

  const dataDir = resolve(env['MAILLAGE_DATA_DIR'] || './data');
  const databaseUrl = env['DATABASE_URL'] || undefined;
  const pgSchema = env['MAILLAGE_PG_SCHEMA'] || 'maillage';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(pgSchema)) {
    problems.push(`MAILLAGE_PG_SCHEMA=${pgSchema}: expected a lower-case SQL identifier`);
  }
  const storeKind = oneOf('MAILLAGE_EVENT_STORE', 'sqlite', ['sqlite', 'postgres', 'eventstoredb']);
  let eventStore: EventStoreConfig = { kind: 'sqlite', path: join(dataDir, 'events.sqlite') };
  if (storeKind === 'postgres') {
    if (!databaseUrl) problems.push('DATABASE_URL is required when MAILLAGE_EVENT_STORE=postgres');
    eventStore = {
      kind: 'postgres',
      connectionString: databaseUrl ?? '',
      schema: pgSchema,
      poolSize: integer('MAILLAGE_PG_POOL_SIZE', 10, 1, 200),
    };
  } else if (storeKind === 'eventstoredb') {
    const connectionString = env['EVENTSTORE_CONNECTION_STRING'];
    if (!connectionString) {
      problems.push(
        'EVENTSTORE_CONNECTION_STRING is required when MAILLAGE_EVENT_STORE=eventstoredb',
      );
    }
    eventStore = { kind: 'eventstoredb', connectionString: connectionString ?? '' };
  }

  const readModelKind = oneOf(
    'MAILLAGE_READ_MODEL',
    storeKind !== 'sqlite' && databaseUrl ? 'postgres' : 'sqlite',
    ['sqlite', 'postgres'],
  );
  let readModel: ReadModelConfig = { kind: 'sqlite', path: join(dataDir, 'read-models.sqlite') };
  if (readModelKind === 'postgres') {
    if (!databaseUrl) problems.push('DATABASE_URL is required when MAILLAGE_READ_MODEL=postgres');
    readModel = {
      kind: 'postgres',
      connectionString: databaseUrl ?? '',
      schema: `${pgSchema}_read`,
    };
  }

  const config: MaillageConfig = {
    http: {
      host: env['HOST'] || '127.0.0.1',
      port: integer('PORT', 3000, 0, 65535),
      healthPort:
        env['MAILLAGE_HEALTH_PORT'] === undefined || env['MAILLAGE_HEALTH_PORT'] === ''
          ? null
          : integer('MAILLAGE_HEALTH_PORT', 0, 0, 65535),
      bodyLimitBytes: integer('MAILLAGE_BODY_LIMIT', 262_144, 1024, 16 * 1024 * 1024),
      maxPageSize: integer('MAILLAGE_MAX_PAGE_SIZE', 100, 1, 1000),
      jsonMaxDepth: integer('MAILLAGE_JSON_MAX_DEPTH', 16, 1, 1000),
      jsonMaxArrayLength: integer('MAILLAGE_JSON_MAX_ARRAY_LENGTH', 1000, 1, 1_000_000),
      rateLimit: parseRateLimit(
        env,
        problems,
        integer('MAILLAGE_RATE_LIMIT_BURST', 200, 0, 10_000_000),
      ),
    },
    dataDir,
    eventStore,
    readModel,
    hubSecret: env['MAILLAGE_HUB_SECRET'] ?? '',
    commandRetries: integer('MAILLAGE_COMMAND_RETRIES', 5, 0, 50),
    competenceRulesFile: env['MAILLAGE_COMPETENCE_RULES']
      ? resolve(env['MAILLAGE_COMPETENCE_RULES'])
      : null,
    projection: oneOf('MAILLAGE_PROJECTION', 'on', ['on', 'off']) === 'on',
    logLevel: oneOf('LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug']),
    kafka: parseKafka(
      env,
      problems,
      integer('MAILLAGE_KAFKA_IN_PURGE_SECONDS', 300, 0, 7 * 24 * 3600) * 1000,
    ),
    connectors: {
      store:
        readModel.kind === 'postgres'
          ? { ...readModel, schema: pgSchema }
          : { kind: 'sqlite', path: join(dataDir, 'connectors.sqlite') },
      file: env['MAILLAGE_CONNECTORS_FILE'] ? resolve(env['MAILLAGE_CONNECTORS_FILE']) : null,
      demo:
        oneOf(
          'MAILLAGE_DEMO_CONNECTORS',
          storeKind === 'sqlite' && env['NODE_ENV'] !== 'production' ? 'on' : 'off',
          ['on', 'off'],
        ) === 'on',
      adminToken: env['MAILLAGE_ADMIN_TOKEN'] || null,
    },
    audit: {
      auditorToken: env['MAILLAGE_AUDITOR_TOKEN'] || null,
      signingKeyFile: env['MAILLAGE_AUDIT_SIGNING_KEY_FILE']
        ? resolve(env['MAILLAGE_AUDIT_SIGNING_KEY_FILE'])
        : join(dataDir, 'audit-ed25519.pem'),
      checkpointIntervalMs:
        integer('MAILLAGE_AUDIT_CHECKPOINT_INTERVAL', 3600, 0, 7 * 24 * 3600) * 1000,
    },
    webhooks: {
      retryScheduleMs: parseRetrySchedule(env, problems),
      timeoutMs: integer('MAILLAGE_WEBHOOK_TIMEOUT_MS', 10_000, 10, 120_000),
      pollMs: integer('MAILLAGE_WEBHOOK_POLL_MS', 1000, 10, 60_000),
      concurrency: integer('MAILLAGE_WEBHOOK_CONCURRENCY', 32, 1, 1000),
      allowHosts: parseAllowHosts(env, problems),
    },
    personalData: {
      keyStore: parseKeyStore(
        env,
        problems,
        { dataDir, databaseUrl, pgSchema },
        storeKind === 'postgres' || readModelKind === 'postgres',
      ),
      keyCacheMs: integer('MAILLAGE_KEY_CACHE_MS', 30_000, 0, 3_600_000),
    },
    securityLog:
      env['MAILLAGE_SECURITY_LOG_DIR'] === 'off'
        ? null
        : {
            dir: resolve(env['MAILLAGE_SECURITY_LOG_DIR'] || join(dataDir, 'security-log')),
            retentionDays: integer('MAILLAGE_SECURITY_LOG_RETENTION_DAYS', 365, 1, 3650),
          },
    retention: {
      policyFile: env['MAILLAGE_RETENTION_POLICY']
        ? resolve(env['MAILLAGE_RETENTION_POLICY'])
        : null,
      archivesDir: resolve(env['MAILLAGE_ARCHIVES_DIR'] || join(dataDir, 'archives')),
    },
  };
  if (config.audit.auditorToken !== null && config.audit.auditorToken.length < 32) {
    problems.push('MAILLAGE_AUDITOR_TOKEN: expected at least 32 characters');
  }
  if (config.connectors.adminToken !== null && config.connectors.adminToken.length < 32) {
    problems.push('MAILLAGE_ADMIN_TOKEN: expected at least 32 characters');
  }
  if (config.connectors.demo && storeKind !== 'sqlite') {
    problems.push(
      'MAILLAGE_DEMO_CONNECTORS=on: demo connectors run only on the embedded SQLite store',
    );
  }
  if (config.hubSecret !== '' && config.hubSecret.length < 32) {
    problems.push('MAILLAGE_HUB_SECRET: expected at least 32 characters');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config.hubSecret ? config : { ...config, hubSecret: loadOrCreateSecret(dataDir) };
}

function parseKafka(
  env: Env,
  problems: string[],
  inPurgeIntervalMs: number,
): MaillageConfig['kafka'] {
  const raw = env['KAFKA_BROKERS'];
  if (!raw) return null;
  const brokers = raw
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker))
      problems.push(`KAFKA_BROKERS: ${broker} is not host:port`);
  }
  const eventsTopic = env['MAILLAGE_EVENTS_TOPIC'] || 'maillage.events.v1';
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(eventsTopic))
    problems.push(`MAILLAGE_EVENTS_TOPIC=${eventsTopic}: not a Kafka topic name`);
  return {
    brokers,
    clientId: env['MAILLAGE_KAFKA_CLIENT_ID'] || 'maillage',
    eventsTopic,
    inPurgeIntervalMs,
    tls: parseKafkaTls(env, problems),
    sasl: parseKafkaSasl(env, problems),
  };
}

function parseKafkaTls(env: Env, problems: string[]): KafkaConfig['tls'] {
  const tls = env['KAFKA_TLS'] || 'off';
  if (tls !== 'on' && tls !== 'off') {
    problems.push(`KAFKA_TLS=${tls}: expected on or off`);
    return null;
  }
  const caFile = env['KAFKA_TLS_CA_FILE'];
  if (tls === 'off') {
    if (caFile) problems.push('KAFKA_TLS_CA_FILE is set but KAFKA_TLS is off');
    return null;
  }
  if (!caFile) return { ca: null };
  try {
    return { ca: readFileSync(resolve(caFile), 'utf8') };
  } catch (error) {
    problems.push(`KAFKA_TLS_CA_FILE=${caFile}: ${(error as Error).message}`);
    return null;
  }
}

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

function parseKafkaSasl(env: Env, problems: string[]): KafkaConfig['sasl'] {
  const mechanism = env['KAFKA_SASL_MECHANISM'];
  const username = env['KAFKA_SASL_USERNAME'];
  const password = env['KAFKA_SASL_PASSWORD'];
  if (!mechanism && !username && !password) return null;
  if (!(SASL_MECHANISMS as readonly (string | undefined)[]).includes(mechanism)) {
    problems.push(
      `KAFKA_SASL_MECHANISM=${mechanism ?? ''}: expected one of ${SASL_MECHANISMS.join(', ')}`,
    );
    return null;
  }
  if (!username || !password) {
    problems.push(
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM',
    );
    return null;
  }
  return { mechanism: mechanism as (typeof SASL_MECHANISMS)[number], username, password };
}

/**
 * The per-caller rate: decimals allowed (0.5 is one request every two seconds); 0, or a burst of
 * 0, turns the limit off.
 */
function parseRateLimit(
  env: Env,
  problems: string[],
  burst: number,
): MaillageConfig['http']['rateLimit'] {
  const raw = env['MAILLAGE_RATE_LIMIT_PER_SECOND'];
  let perSecond = 50;
  if (raw !== undefined && raw.trim() !== '') {
    perSecond = Number(raw);
    if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > 1_000_000) {
      problems.push(
        `MAILLAGE_RATE_LIMIT_PER_SECOND=${raw}: expected a number of requests per second from 0 to 1000000`,
      );
      return null;
    }
  }
  return perSecond === 0 || burst === 0 ? null : { perSecond, burst };
}

const DEFAULT_RETRY_SCHEDULE_S = [5, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600];

/** Seconds before each webhook retry, comma-separated; decimals let tests run in milliseconds. */
function parseRetrySchedule(env: Env, problems: string[]): WebhooksConfig['retryScheduleMs'] {
  const raw = env['MAILLAGE_WEBHOOK_RETRY_SCHEDULE'];
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_RETRY_SCHEDULE_S.map((seconds) => seconds * 1000);
  }
  const steps = raw.split(',').map((step) => Number(step.trim()));
  if (
    steps.length > 30 ||
    steps.some((step) => !Number.isFinite(step) || step < 0 || step > 7 * 24 * 3600)
  ) {
    problems.push(
      `MAILLAGE_WEBHOOK_RETRY_SCHEDULE=${raw}: expected up to 30 comma-separated seconds from 0 to 604800`,
    );
    return DEFAULT_RETRY_SCHEDULE_S.map((seconds) => seconds * 1000);
  }
  return steps.map((seconds) => Math.round(seconds * 1000));
}

/**
 * Hosts webhooks may reach though they are not public, normalised as a URL's `hostname`
 * (`2130706433` is `127.0.0.1`, `::1` is `[::1]`), so that any spelling of the host matches.
 */
function parseAllowHosts(env: Env, problems: string[]): readonly string[] {
  const raw = env['MAILLAGE_WEBHOOK_ALLOW_HOSTS'] ?? '';
  const hosts: string[] = [];
  for (const entry of raw.split(',').map((host) => host.trim())) {
    if (entry === '') continue;
    const bracketed = entry.includes(':') && !entry.startsWith('[') ? `[${entry}]` : entry;
    const url = URL.canParse(`http://${bracketed}/`) ? new URL(`http://${bracketed}/`) : null;
    if (!url || url.host !== url.hostname || url.pathname !== '/' || url.username !== '') {
      problems.push(
        `MAILLAGE_WEBHOOK_ALLOW_HOSTS: ${entry} is not a hostname or an IP address (no port, no path)`,
      );
      continue;
    }
    hosts.push(url.hostname);
  }
  return hosts;
}

/** The citizens' key store: its own SQLite file, or its own PostgreSQL schema (`<schema>_keys`). */
function parseKeyStore(
  env: Env,
  problems: string[],
  where: {
    readonly dataDir: string;
    readonly databaseUrl: string | undefined;
    readonly pgSchema: string;
  },
  onPostgres: boolean,
): KeyStoreConfig {
  const raw = env['MAILLAGE_KEY_STORE'] || (onPostgres ? 'postgres' : 'sqlite');
  if (raw !== 'sqlite' && raw !== 'postgres') {
    problems.push(`MAILLAGE_KEY_STORE=${raw}: expected one of sqlite, postgres`);
  }
  if (raw !== 'postgres') {
    const path = env['MAILLAGE_KEY_STORE_PATH'];
    return { kind: 'sqlite', path: path ? resolve(path) : join(where.dataDir, 'keys.sqlite') };
  }
  if (!where.databaseUrl) {
    problems.push('DATABASE_URL is required when MAILLAGE_KEY_STORE=postgres');
  }
  return {
    kind: 'postgres',
    connectionString: where.databaseUrl ?? '',
    schema: `${where.pgSchema}_keys`,
  };
}

/**
 * On the embedded default the secret lives beside the data it protects. Several gateway
 * instances must share one secret: set MAILLAGE_HUB_SECRET for them.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'hub.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it between our check and our write: theirs wins.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
