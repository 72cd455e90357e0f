/** Which event store adapter the hub runs on. */
export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schema: string;
      readonly poolSize: number;
    }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** The Kafka cluster the hub publishes its events to. */
export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Topic of the canonical events (default `maillage.events.v1`; tests use their own). */
  readonly eventsTopic: string;
  /**
   * How often the gateway deletes from the tools' in-topics the records its group committed
   * (a tool's filing holds the citizen's contact, which an erasure cannot reach in Kafka);
   * default 300 000 ms, 0: never.
   */
  readonly inPurgeIntervalMs: number;
  /** TLS to the brokers: off (null), the system's trust store, or a CA of one's own (PEM). */
  readonly tls: { readonly ca: string | null } | null;
  /** SASL credentials of this hub's apps, or null. */
  readonly sasl: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  } | null;
}

/** Where read models (projections) live. */
export type ReadModelConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

/** Connectors (one per GRC tool): where they are kept, a file to load at boot, demo mode. */
export interface ConnectorsConfig {
  readonly store: ReadModelConfig;
  /** JSON file of connectors loaded (upserted) at boot, or null. */
  readonly file: string | null;
  /**
   * Demo connectors for Gien, CC Giennoises and Loiret, with their keys printed at start. Only on
   * the embedded default (SQLite store), never in production.
   */
  readonly demo: boolean;
  /** Bearer token of the admin API (`/v1/connectors`), or null when the admin API is closed. */
  readonly adminToken: string | null;
}

/** The auditors' read-only access and the signed checkpoints of the global log. */
export interface AuditConfig {
  /** Bearer token of the audit API (`/v1/audit`), or null when the audit API is closed (403). */
  readonly auditorToken: string | null;
  /** Ed25519 private key (PKCS#8 PEM) signing checkpoints; created at first use if missing. */
  readonly signingKeyFile: string;
  /** Milliseconds between periodic checkpoints (default 3 600 000); 0: only on demand. */
  readonly checkpointIntervalMs: number;
}

/**
 * Where the citizens' data keys live (crypto-shredding): a store of its own, never in the event
 * store's tables, so that a backup of the events alone holds no readable personal data. SQLite:
 * `<data dir>/keys.sqlite`; PostgreSQL: the schema `<MAILLAGE_PG_SCHEMA>_keys`.
 */
export type KeyStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

/** Signed webhooks (Standard Webhooks) to the connectors that have an endpoint. */
export interface WebhooksConfig {
  /**
   * Waits before each retry, in milliseconds (default 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h,
   * 6 h): each is the ceiling of a full-jitter draw. After the last one the message is
   * dead-lettered.
   */
  readonly retryScheduleMs: readonly number[];
  /** Time allowed to one attempt, connection to response headers (default 10 000). */
  readonly timeoutMs: number;
  /** How long an idle connector's loop waits for new events before looking again (default 1000). */
  readonly pollMs: number;
  /** Requests in flight at most, all connectors together (default 32). */
  readonly concurrency: number;
  /**
   * Hosts webhooks may reach although they are loopback, private, link-local… (default none):
   * hostnames or IP addresses as a URL's `hostname` gives them (IPv6 in brackets), e.g. 127.0.0.1
   * for tests. Every other host must resolve to public addresses only.
   */
  readonly allowHosts: readonly string[];
}

/**
 * The hub's whole configuration, parsed once at boot from the environment (see `parseConfig`)
 * and handed to every module. Each field's environment variable and default is documented in
 * the README's configuration table and in `parse-config.ts`.
 */
export interface MaillageConfig {
  readonly http: {
    readonly host: string;
    readonly port: number;
    /**
     * Where a worker app without an API (relay, projector, dispatcher, deliverer) serves
     * /health/live, /health/ready and /metrics; null: it serves nothing. The gateway, the hub and
     * the audit app serve them on `port`.
     */
    readonly healthPort: number | null;
    /** Largest accepted request body, in bytes; larger bodies get 413 before parsing. */
    readonly bodyLimitBytes: number;
    /** Upper bound of `pageSize` on list endpoints. */
    readonly maxPageSize: number;
    /** Deepest nesting of objects and arrays in a JSON body (default 16); deeper gets 400. */
    readonly jsonMaxDepth: number;
    /** Most items of any one array in a JSON body (default 1000); longer gets 400. */
    readonly jsonMaxArrayLength: number;
    /**
     * Token bucket per caller (API key id, admin or auditor token, else client IP): `perSecond`
     * sustained (default 50), bursts of `burst` (default 200); over it, 429. Null: no limit.
     */
    readonly rateLimit: { readonly perSecond: number; readonly burst: number } | null;
  };
  readonly dataDir: string;
  readonly eventStore: EventStoreConfig;
  readonly readModel: ReadModelConfig;
  /** Secret used to derive unguessable, deterministic ids (hub request ids, idempotent event ids). */
  readonly hubSecret: string;
  /** How many times a command is re-decided after a concurrent write to the same request. */
  readonly commandRetries: number;
  /** A deployment's own competence rules file (JSON), or null for the bundled rules. */
  readonly competenceRulesFile: string | null;
  /** Whether this process keeps the read model (run exactly one projector per hub). */
  readonly projection: boolean;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Kafka, when configured: the relay publishes the committed log there. */
  readonly kafka: KafkaConfig | null;
  readonly connectors: ConnectorsConfig;
  readonly audit: AuditConfig;
  readonly webhooks: WebhooksConfig;
  /** Citizens' personal data: where their data keys live (see `KeyStoreConfig`). */
  readonly personalData: {
    readonly keyStore: KeyStoreConfig;
    /**
     * How long a process reuses a citizen's key it read, in ms (default 30 000; 0: asks the key
     * store every time). An erasure made by another process (the CLI, another gateway) takes
     * effect in this one within this time; an erasure through this process, at once.
     */
    readonly keyCacheMs: number;
  };
  /**
   * Security events (refused calls and messages) are also appended to daily files here, apart
   * from the application's logs: `security-<date>.jsonl`, mode 0600, kept `retentionDays`.
   * Null: the `Security` logger only.
   */
  readonly securityLog: { readonly dir: string; readonly retentionDays: number } | null;
  /** Retention of personal data at the end of a request's life (see README "Retention"). */
  readonly retention: {
    /** A deployment's own retention policy file (JSON), or null for the bundled policy. */
    readonly policyFile: string | null;
    /** Where files are exported for the archives service before disposal (default `<data dir>/archives`). */
    readonly archivesDir: string;
  };
}
