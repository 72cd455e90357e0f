import { decide } from '../commands/decide';
import type { ServiceRequestCommand } from '../commands/service-request-command';
import { DomainError } from '../errors/domain-error';
import type { DomainErrorCode } from '../errors/domain-error-code';
import type { ServiceRequestEvent } from '../events/service-request-event';
import { foldEvents } from '../state/fold-events';

/**
 * Decider specs that read as the domain does:
 *
 *   given([filed, routed]).when(acknowledge(LOIRET, 'CD45-1')).then([acknowledged]);
 *   given([]).when(acknowledge(LOIRET, 'CD45-1')).then('REQUEST.NOT_FOUND');
 *   given(history).when(changeStatus(...)).then('REQUEST.INVALID', 'raw.code');
 *
 * `then` runs synchronously. Never `await` or return its chain from a test: an object with a
 * `then` method is a thenable, and the runtime would call it as a promise.
 */
export function given(history: readonly ServiceRequestEvent[]) {
  return {
    when(command: ServiceRequestCommand) {
      return {
        /**
         * Expected events (compared strictly: an extra `undefined` property is a difference), or
         * the code of the expected DomainError and, optionally, the field it must name.
         */
        then(
          expected: readonly ServiceRequestEvent[] | DomainErrorCode,
          field?: string | null,
        ): void {
          if (typeof expected === 'function') {
            throw new Error('given/when/then is synchronous: do not await or return it');
          }
          const state = foldEvents(history);
          if (typeof expected !== 'string') {
            expect(decide(command, state)).toStrictEqual(expected);
            return;
          }
          const error = refusalOf(() => decide(command, state));
          expect({ code: error.code, retriable: error.retriable }).toEqual({
            code: expected,
            retriable: false,
          });
          if (field !== undefined) expect(error.field).toBe(field);
        },
      };
    },
  };
}

function refusalOf(run: () => unknown): DomainError {
  let outcome: unknown;
  try {
    outcome = run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(
    `Expected a DomainError, but the command was accepted with ${JSON.stringify(outcome)}`,
  );
}
