export type WebhookErrorCode =
  | 'WEBHOOK.NOT_CONFIGURED'
  | 'WEBHOOK.TOO_MANY_SECRETS'
  | 'WEBHOOK.SECRET_NOT_FOUND'
  | 'WEBHOOK.NO_SECRET'
  | 'WEBHOOK.DISABLED'
  | 'WEBHOOK.DEAD_LETTER_NOT_FOUND';

/** A webhook operation refused; the HTTP layer maps the code to a status. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  /** The same call fails the same way until an operator changes the settings. */
  readonly retriable = false as const;

  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}
