import type { KafkaConfig } from '@maillage/config';
import type { KafkaMessageBusOptions } from './kafka-message-bus.options';

/**
 * The bus options of one of the hub's Kafka clients, from the configuration: its brokers, TLS and
 * SASL credentials, and a client id naming its role (`<client id>-relay`, `-dispatcher`, …) so
 * that broker logs, quotas and ACLs can tell them apart.
 */
export function kafkaBusOptions(
  config: KafkaConfig,
  role: string,
  overrides: Partial<KafkaMessageBusOptions> = {},
): KafkaMessageBusOptions {
  return {
    brokers: config.brokers,
    clientId: `${config.clientId}-${role}`,
    ...(config.tls ? { ssl: config.tls.ca ? { ca: config.tls.ca } : true } : {}),
    ...(config.sasl ? { sasl: { ...config.sasl } } : {}),
    ...overrides,
  };
}
