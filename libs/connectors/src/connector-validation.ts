import { isAuthorityId } from '@maillage/domain';
import { DIALECT_IDS, type DialectId, isKnownTimeZone } from '@maillage/dialects';
import { CONNECTOR_ID_PATTERN } from '@maillage/messaging';
import { CONNECTOR_STATUSES, type Connector, type ConnectorWebhook } from './connector';
import type { ConnectorInput, ConnectorsOptions } from './connectors';
import { ConnectorsError } from './connectors.error';
import { WebhookTargetPolicy } from './webhook-target/webhook-target-policy';

/**
 * A connector's settings checked and completed with their defaults (Europe/Paris, a commune's own
 * INSEE code, Kafka delivery on, active); `CONNECTOR.INVALID` naming the first field at fault.
 */
export function validateConnector(
  territory: Pick<ConnectorsOptions, 'describeAuthority' | 'communeExists' | 'webhookTargets'>,
  input: Omit<ConnectorInput, 'delivery'> & {
    readonly delivery?: { readonly kafka?: boolean; readonly webhook?: ConnectorWebhook | null };
    readonly createdAt: string;
    readonly updatedAt: string;
  },
): Connector {
  const invalid = (field: string, expected: string): never => {
    throw new ConnectorsError('CONNECTOR.INVALID', `${field}: expected ${expected}`, field);
  };
  if (typeof input.id !== 'string' || !CONNECTOR_ID_PATTERN.test(input.id)) {
    invalid('id', '1 to 64 of [a-z0-9-], starting and ending with a letter or digit');
  }
  if (typeof input.authority !== 'string' || !isAuthorityId(input.authority)) {
    invalid('authority', 'an authority id such as commune:45155, epci:244500211, departement:45');
  }
  const authority = territory.describeAuthority(input.authority);
  if (!authority) invalid('authority', 'an authority that exists in the territory');
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200) {
    invalid('name', 'a name of 1 to 200 characters');
  }
  if (!(DIALECT_IDS as readonly string[]).includes(input.dialect)) {
    invalid('dialect', `one of ${DIALECT_IDS.join(', ')}`);
  }
  const timeZone = input.timeZone ?? 'Europe/Paris';
  if (!isKnownTimeZone(timeZone)) invalid('timeZone', 'an IANA time zone such as Europe/Paris');
  const defaultInseeCode =
    input.defaultInseeCode !== undefined
      ? input.defaultInseeCode
      : authority!.level === 'commune'
        ? authority!.code
        : null;
  if (defaultInseeCode !== null && !territory.communeExists(defaultInseeCode)) {
    invalid('defaultInseeCode', 'the INSEE code of an existing commune');
  }
  const status = input.status ?? 'active';
  if (!(CONNECTOR_STATUSES as readonly string[]).includes(status)) {
    invalid('status', `one of ${CONNECTOR_STATUSES.join(', ')}`);
  }
  const kafka = input.delivery?.kafka ?? true;
  if (typeof kafka !== 'boolean') invalid('delivery.kafka', 'true or false');
  const webhook = input.delivery?.webhook ?? null;
  if (webhook !== null && !isWebhookUrl(webhook.url)) {
    invalid(
      'delivery.webhook.url',
      'an https:// URL of at most 2048 characters, without credentials (http:// only to 127.0.0.1 or localhost)',
    );
  }
  const refusal =
    webhook === null
      ? null
      : (territory.webhookTargets ?? STRICT_TARGETS).refusalOfUrl(new URL(webhook.url));
  if (refusal !== null) {
    invalid(
      'delivery.webhook.url',
      `a public host: ${refusal}, which the hub does not call unless an operator allows the host in MAILLAGE_WEBHOOK_ALLOW_HOSTS`,
    );
  }
  return {
    id: input.id,
    authority: input.authority,
    name: input.name.trim(),
    dialect: input.dialect as DialectId,
    timeZone,
    defaultInseeCode,
    delivery: { kafka, webhook },
    status,
    createdAt: input.createdAt,
    updatedAt: input.updatedAt,
  };
}

/** No host allowed besides public ones: the default when the registry is given no policy. */
const STRICT_TARGETS = new WebhookTargetPolicy();

/** Receivers are reached over TLS; plain HTTP only on this machine (tests, a local relay). */
function isWebhookUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
