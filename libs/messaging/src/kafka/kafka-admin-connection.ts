import { Kafka, logLevel, type Admin, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { KafkaMessageBusOptions } from './kafka-message-bus.options';

/** The bus's connection options as kafkajs takes them (TLS CAs copied to a mutable array). */
export function kafkaConnection(
  options: KafkaMessageBusOptions,
): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl' | 'connectionTimeout' | 'requestTimeout'> {
  const ssl = options.ssl;
  return {
    brokers: [...options.brokers],
    ssl:
      ssl === undefined || typeof ssl === 'boolean'
        ? (ssl ?? false)
        : {
            ...ssl,
            ca: Array.isArray(ssl.ca)
              ? [...(ssl.ca as readonly (string | Buffer)[])]
              : (ssl.ca as string | Buffer | undefined),
          },
    ...(options.sasl ? { sasl: { ...options.sasl } as SASLOptions } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
  };
}

/**
 * An admin connection opened on first use and shared by the calls that follow; a failed
 * connection is not kept (the next call tries again). After `close`, `get` refuses.
 */
export class AdminConnection {
  private admin: Promise<Admin> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly owner: string,
  ) {}

  /**
   * An admin client of its own for occasional reads whose next call replaces a failed one (lag,
   * purge): `clientId` gets the suffix, and it fails fast rather than retrying for long.
   */
  static occasional(options: KafkaMessageBusOptions, suffix: string, owner: string) {
    const kafka = new Kafka({
      clientId: `${options.clientId}-${suffix}`,
      ...kafkaConnection(options),
      retry: { retries: 1, initialRetryTime: 300, maxRetryTime: 1_000 },
      logLevel: logLevel.NOTHING,
    });
    return new AdminConnection(kafka, owner);
  }

  get(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error(`${this.owner} is closed`));
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.admin.catch(() => (this.admin = undefined));
    return this.admin;
  }

  async close(): Promise<void> {
    this.closed = true;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}
