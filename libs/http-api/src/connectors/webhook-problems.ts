import { WebhookError, type WebhookErrorCode } from '@maillage/delivery';
import { ProblemException } from '../problems/problem.exception';

const STATUS: Record<WebhookErrorCode, number> = {
  'WEBHOOK.NOT_CONFIGURED': 409,
  'WEBHOOK.TOO_MANY_SECRETS': 409,
  'WEBHOOK.NO_SECRET': 409,
  'WEBHOOK.DISABLED': 409,
  'WEBHOOK.SECRET_NOT_FOUND': 404,
  'WEBHOOK.DEAD_LETTER_NOT_FOUND': 404,
};

/** Runs a webhook use case, answering its refusals as problem details (RFC 9457). */
export async function withWebhookProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    const status = STATUS[error.code];
    throw new ProblemException(
      status,
      error.code,
      status === 404 ? 'Not found' : 'Conflict',
      error.message,
      { ...(error.field ? { field: error.field } : {}), retriable: false },
    );
  }
}
