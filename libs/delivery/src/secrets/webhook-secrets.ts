import { randomBytes } from 'node:crypto';
import type {
  Connector,
  Connectors,
  WebhookSecretView,
  WebhookSignatureScheme,
} from '@maillage/connectors';
import type { SecretBox } from '../signing/secret-box';
import { generateSigningKey, parseSigningKey, type SigningKey } from '../signing/webhook-keys';
import type { WebhookStateStore } from '../state/webhook-state.store.port';
import { WebhookError } from '../webhook.error';

/** Live secrets a connector may hold: the current one and, during a rotation, the next. */
export const MAX_WEBHOOK_SECRETS = 2;

/** A secret as issued: for HMAC the secret itself, shown this once; for Ed25519 its public key. */
export interface IssuedWebhookSecret {
  readonly view: WebhookSecretView;
  /** `whsec_…` for HMAC-SHA256 (the receiver needs it to verify); null for Ed25519. */
  readonly secret: string | null;
}

/**
 * A connector's webhook signing keys: issued by the hub (sealed at rest, listed in the connector's
 * settings without their secret part), rotated by issuing the next one — both sign until the old
 * one is revoked — and revoked at once.
 */
export class WebhookSecrets {
  /** Opened keys by secret id: a key never changes, only comes and goes. */
  private readonly opened = new Map<string, SigningKey>();

  constructor(
    private readonly connectors: Connectors,
    private readonly store: WebhookStateStore,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(connectorId: string, scheme: WebhookSignatureScheme): Promise<IssuedWebhookSecret> {
    const connector = await this.connectors.require(connectorId);
    const webhook = connector.delivery.webhook ?? null;
    if (!webhook) {
      throw new WebhookError(
        'WEBHOOK.NOT_CONFIGURED',
        `connector ${connectorId} has no webhook URL: set delivery.webhook.url first`,
        'delivery.webhook',
      );
    }
    if (webhook.secrets.length >= MAX_WEBHOOK_SECRETS) {
      throw new WebhookError(
        'WEBHOOK.TOO_MANY_SECRETS',
        `connector ${connectorId} already holds ${MAX_WEBHOOK_SECRETS} secrets: revoke the old one first`,
      );
    }
    const key = generateSigningKey(scheme);
    const view: WebhookSecretView = {
      secretId: `whk_${randomBytes(12).toString('base64url')}`,
      scheme,
      publicKey: key.publicKey,
      createdAt: this.now().toISOString(),
    };
    await this.store.addSecret({
      secretId: view.secretId,
      connectorId,
      scheme,
      sealedKey: this.box.seal(key.encoded),
      createdAt: view.createdAt,
    });
    await this.connectors.setWebhookSecrets(connectorId, [...webhook.secrets, view]);
    return { view, secret: scheme === 'hmac-sha256' ? key.encoded : null };
  }

  /** Stops signing with a secret at once; its receiver must already verify with the next one. */
  async revoke(connectorId: string, secretId: string): Promise<void> {
    const connector = await this.connectors.require(connectorId);
    const secrets = connector.delivery.webhook?.secrets ?? [];
    const removed = await this.store.removeSecret(connectorId, secretId);
    if (!removed && !secrets.some((secret) => secret.secretId === secretId)) {
      throw new WebhookError(
        'WEBHOOK.SECRET_NOT_FOUND',
        `connector ${connectorId} has no webhook secret ${secretId}`,
        'secretId',
      );
    }
    this.opened.delete(secretId);
    if (connector.delivery.webhook) {
      await this.connectors.setWebhookSecrets(
        connectorId,
        secrets.filter((secret) => secret.secretId !== secretId),
      );
    }
  }

  /** The keys that sign the connector's next request: those its settings list, in order. */
  async signingKeys(connector: Connector): Promise<SigningKey[]> {
    const listed = connector.delivery.webhook?.secrets ?? [];
    if (listed.some((secret) => !this.opened.has(secret.secretId))) {
      for (const stored of await this.store.secretsOf(connector.id)) {
        if (!this.opened.has(stored.secretId)) {
          this.opened.set(stored.secretId, parseSigningKey(this.box.open(stored.sealedKey)));
        }
      }
    }
    return listed.flatMap((secret) => {
      const key = this.opened.get(secret.secretId);
      return key ? [key] : [];
    });
  }
}
