/** One message for a connector's endpoint, as the deliverer and a dead-letter replay send it. */
export interface WebhookMessage {
  /** `webhook-id`: the same for every attempt and replay of this message to this connector. */
  readonly webhookId: string;
  /** The native message in the connector's dialect, serialised once: these bytes are signed. */
  readonly body: string;
  /** `fr.maillage.dialect.<dialect>.<message>` */
  readonly messageType: string;
  readonly eventType: string;
}

/**
 * The `webhook-id` of a canonical event's message to a connector: stable across retries and
 * replays (receivers drop duplicates by it), distinct between connectors.
 */
export function webhookIdOf(eventId: string, connectorId: string): string {
  return `msg_${eventId}_${connectorId}`;
}
