import type { Connectors } from '@maillage/connectors';
import type { WebhookSender } from '../sending/webhook-sender';
import type { WebhookDeadLetter, WebhookStateStore } from '../state/webhook-state.store.port';
import { WebhookError } from '../webhook.error';

/** How a replay ended: delivered (the dead letter is gone), or the dead letter as it now stands. */
export type ReplayOutcome =
  | { readonly delivered: true; readonly status: number }
  | { readonly delivered: false; readonly deadLetter: WebhookDeadLetter };

/**
 * The messages given up after the last retry: an IT department lists them and, once its receiver
 * is fixed, replays one — sent once, now, with its original `webhook-id` and a fresh timestamp and
 * signature. A replay is out of order by nature: the messages behind it went on.
 */
export class WebhookDeadLetters {
  constructor(
    private readonly connectors: Connectors,
    private readonly store: WebhookStateStore,
    private readonly sender: WebhookSender,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(connectorId: string, limit: number): Promise<WebhookDeadLetter[]> {
    await this.connectors.require(connectorId);
    return this.store.deadLetters(connectorId, limit);
  }

  async replay(connectorId: string, deadLetterId: string): Promise<ReplayOutcome> {
    const connector = await this.connectors.require(connectorId);
    const letter = await this.store.findDeadLetter(connectorId, deadLetterId);
    if (!letter) {
      throw new WebhookError(
        'WEBHOOK.DEAD_LETTER_NOT_FOUND',
        `connector ${connectorId} has no dead letter ${deadLetterId}`,
        'deadLetterId',
      );
    }
    const webhook = connector.delivery.webhook ?? null;
    if (!webhook) {
      throw new WebhookError(
        'WEBHOOK.NOT_CONFIGURED',
        `connector ${connectorId} has no webhook URL`,
      );
    }
    if (webhook.disabledAt !== null) {
      throw new WebhookError(
        'WEBHOOK.DISABLED',
        `the webhook of ${connectorId} is disabled (${webhook.disabledReason ?? 'no reason'}): set its URL again first`,
      );
    }
    if (webhook.secrets.length === 0) {
      throw new WebhookError('WEBHOOK.NO_SECRET', `connector ${connectorId} has no webhook secret`);
    }
    const outcome = await this.sender.send(connector, letter);
    if (outcome.kind === 'delivered') {
      await this.store.removeDeadLetter(connectorId, deadLetterId);
      return { delivered: true, status: outcome.status };
    }
    if (outcome.kind === 'gone') {
      await this.connectors.disableWebhook(connectorId, `${outcome.reason} to a replay`);
    }
    const updated: WebhookDeadLetter = {
      ...letter,
      attempts: letter.attempts + 1,
      lastError:
        outcome.kind === 'failed'
          ? outcome.error
          : outcome.kind === 'gone'
            ? 'HTTP 410'
            : 'stopped',
      failedAt: this.now().toISOString(),
    };
    await this.store.updateDeadLetter(updated);
    return { delivered: false, deadLetter: updated };
  }
}
