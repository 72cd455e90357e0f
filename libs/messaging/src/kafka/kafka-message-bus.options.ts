import type { MessagingLogger } from '../messaging-logger';

/** SSL (TLS) to the brokers (Node `tls.connect` options, the subset Kafka deployments use). */
export interface KafkaSslOptions {
  /** CA certificates to trust (PEM); default: Node's bundled roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Client certificate (PEM), for mutual TLS. */
  readonly cert?: string | Buffer;
  /** Client private key (PEM), for mutual TLS. */
  readonly key?: string | Buffer;
  readonly passphrase?: string;
  /** Default true. Set false only against a test broker with a self-signed certificate. */
  readonly rejectUnauthorized?: boolean;
  /** SNI server name, when it differs from the broker host. */
  readonly servername?: string;
}

/** SASL authentication (the connector credentials of a production cluster). */
export interface KafkaSaslOptions {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** Consumer tuning; defaults are kafkajs' own, which suit a production cluster. */
export interface KafkaConsumerSettings {
  /** A member that does not heartbeat for this long is evicted (default 30000 ms). */
  readonly sessionTimeoutMs?: number;
  /** Heartbeat period, well below the session timeout (default 3000 ms). */
  readonly heartbeatIntervalMs?: number;
  /** How long the coordinator waits for members to rejoin during a rebalance (default 60000 ms). */
  readonly rebalanceTimeoutMs?: number;
  /** Longest wait of a fetch with no new message; bounds the latency of `stop` (default 5000 ms). */
  readonly maxWaitTimeMs?: number;
  /** Partitions handled at the same time by one member, each still in order (default 1). */
  readonly partitionsConsumedConcurrently?: number;
  /** Delay before a message whose handler rejected is fetched again (default 1000 ms). */
  readonly redeliveryDelayMs?: number;
}

/** Options of {@link KafkaMessageBus}, parsed from configuration at boot. */
export interface KafkaMessageBusOptions {
  /** `host:port` of one or more brokers, e.g. `['127.0.0.1:9092']`. Required. */
  readonly brokers: readonly string[];
  /** Client id shown in broker logs and quotas, e.g. `maillage-relay`. Required. */
  readonly clientId: string;
  /** SSL (TLS): true for the system's trust store, or explicit options (default: plaintext). */
  readonly ssl?: boolean | KafkaSslOptions;
  /** SASL credentials (default: none). Use with `ssl` outside a private network. */
  readonly sasl?: KafkaSaslOptions;
  /** TCP connect timeout (default 3000 ms). */
  readonly connectionTimeoutMs?: number;
  /** Request timeout (default 30000 ms). */
  readonly requestTimeoutMs?: number;
  /**
   * Client retries of a failing request before the call rejects with a retriable
   * `MessagingError` (default 5, with backoff from 300 ms up to 30 s). Bounded even for the
   * idempotent producer, whose kafkajs default is to retry forever: a publish must fail so the
   * relay can keep its checkpoint and try again, and downstream dedup by event id absorbs the
   * duplicates a retried publish may write. The producer retries at least once (kafkajs refuses
   * an idempotent producer without retries).
   */
  readonly retries?: number;
  /** Client log lines at this level and above go to `logger` (default `'error'`). */
  readonly logLevel?: 'nothing' | 'error' | 'warn';
  /** Receives client log lines (message only, no payloads) and handler failures (default `console`). */
  readonly logger?: MessagingLogger;
  readonly consumer?: KafkaConsumerSettings;
}
