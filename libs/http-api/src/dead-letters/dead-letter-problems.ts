import { DeadLettersError, type DeadLettersErrorCode } from '@maillage/dead-letters';
import { MessagingError } from '@maillage/messaging';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problems/problem.exception';

const STATUS: Record<DeadLettersErrorCode, number> = {
  'DEAD_LETTER.NOT_FOUND': 404,
  'DEAD_LETTER.ERASED': 410,
  'DEAD_LETTER.KEY_UNKNOWN': 409,
  'DEAD_LETTER.UNREADABLE': 409,
  'DEAD_LETTER.INVALID': 400,
};

/**
 * Runs a dead-letter use case, its errors as problems. A 404 to a connector's key may hide a
 * dead letter of another tool: recorded as a security event. An unreachable broker is a 503.
 */
export async function withDeadLetterProblems<T>(
  principal: Principal,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DeadLettersError) {
      const status = STATUS[error.code];
      throw new ProblemException(status, error.code, titleOf(error.code), error.message, {
        retriable: false,
        hidden: status === 404 && principal.kind === 'connector',
      });
    }
    if (error instanceof MessagingError) {
      throw new ProblemException(
        503,
        'DEAD_LETTER.BUS_UNAVAILABLE',
        'Kafka unavailable',
        `the dead-letter topic cannot be read now: ${error.message}`,
        { retriable: true },
      );
    }
    throw error;
  }
}

function titleOf(code: DeadLettersErrorCode): string {
  const words = code.split('.')[1]!.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
