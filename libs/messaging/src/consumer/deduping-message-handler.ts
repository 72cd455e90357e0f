import { abortableDelay } from '../abortable-delay';
import { CLOUD_EVENT_HEADERS } from '../cloud-events/cloud-event-headers';
import { errorSummary } from '../error-summary';
import { InvalidCloudEventError } from '../errors/invalid-cloud-event.error';
import type { Message } from '../message';
import type { MessagePublisher } from '../message-publisher.port';
import type { MessagingLogger } from '../messaging-logger';
import { type ConsumerObserver, type ConsumerOutcome, notifyObserver } from './consumer-observer';
import { deadLetterMessage } from './dead-letter-message';
import type { DeadLetterSealer } from './dead-letter-sealer.port';
import type { ProcessedMessages } from './processed-messages.port';
import { backoffDelay, type RetryBackoff } from './retry-backoff';

/** Handles one message inside the dedup store's transaction `tx`. */
export type TransactionalMessageHandler<Tx> = (message: Message, tx: Tx) => Promise<void>;

export interface DedupingMessageHandlerSettings<Tx> {
  /** Name under which processed ids are recorded, and shown on dead letters. */
  readonly consumer: string;
  readonly dedupStore: ProcessedMessages<Tx>;
  readonly handle: TransactionalMessageHandler<Tx>;
  readonly publisher: MessagePublisher;
  readonly dlqTopic: string;
  readonly maxAttempts: number;
  readonly backoff: RetryBackoff;
  readonly messageIdOf: (message: Message) => string | undefined;
  readonly logger: MessagingLogger;
  readonly now: () => Date;
  /** Told what became of each message (for metrics); default: nobody. */
  readonly observer?: ConsumerObserver;
  /** Seals dead letters (value and non-CloudEvents headers); default: none, in clear. */
  readonly deadLetterSealer?: DeadLetterSealer;
}

/** The default message id: the CloudEvents `ce_id` header. */
export const cloudEventId = (message: Message): string | undefined =>
  message.headers[CLOUD_EVENT_HEADERS.id] || undefined;

/**
 * What every Maillage consumer does with a message, on top of the bus's at-least-once, in-order
 * delivery:
 * 1. drop it if its id was already processed (the mark commits with the effect);
 * 2. otherwise run the handler; if it fails with a retriable error (`retriable !== false`:
 *    untyped errors count as retriable), try again with backoff, up to `maxAttempts` runs;
 * 3. after the last attempt, or at once for a non-retriable error, publish it to the dead-letter
 *    topic with the reason and the source position, and resolve — so the bus commits and the
 *    partition moves on: a poison message never blocks the requests behind it.
 * A failure of the dedup store itself, or of the dead-letter publish, is not the message's
 * fault: it rejects, and the bus delivers the message again later.
 */
export class DedupingMessageHandler<Tx> {
  constructor(
    private readonly settings: DedupingMessageHandlerSettings<Tx>,
    private readonly stopping: AbortSignal,
  ) {}

  async handle(message: Message): Promise<void> {
    const { settings } = this;
    const messageId = settings.messageIdOf(message);
    if (messageId === undefined) {
      const missing = new InvalidCloudEventError(
        CLOUD_EVENT_HEADERS.id,
        'missing: the message cannot be deduplicated',
      );
      return this.deadLetter(message, missing, 0);
    }
    for (let attempt = 1; ; attempt++) {
      let effectFailed = false;
      try {
        const outcome = await settings.dedupStore.processOnce(
          settings.consumer,
          messageId,
          async (tx) => {
            try {
              await settings.handle(message, tx);
            } catch (error) {
              effectFailed = true;
              throw error;
            }
          },
        );
        this.report(message, outcome);
        return;
      } catch (error) {
        if (!effectFailed) {
          this.report(message, 'redelivered', error);
          throw error;
        }
        const retriable = (error as { retriable?: unknown } | null)?.retriable !== false;
        if (!retriable || attempt >= settings.maxAttempts)
          return this.deadLetter(message, error, attempt);
        const delay = backoffDelay(settings.backoff, attempt + 1);
        const { code, reason } = errorSummary(error);
        settings.logger.warn(
          `${this.where(message, messageId)}: attempt ${attempt}/${settings.maxAttempts} failed, ` +
            `retrying in ${delay} ms: ${reason}`,
        );
        this.report(message, 'retried', code);
        if (!(await abortableDelay(delay, this.stopping))) {
          // Not committed: the next member of the group gets the message again.
          this.report(message, 'redelivered', error);
          throw new Error(`consumer ${settings.consumer} stopping: message left for redelivery`, {
            cause: error,
          });
        }
      }
    }
  }

  private async deadLetter(message: Message, error: unknown, attempts: number): Promise<void> {
    const { settings } = this;
    const { code, reason } = errorSummary(error);
    const clear = deadLetterMessage(
      message,
      { code, reason, attempts },
      settings.consumer,
      settings.now(),
    );
    try {
      // A letter that cannot be sealed is not sent in clear: the message comes again later.
      const letter = settings.deadLetterSealer
        ? await settings.deadLetterSealer.seal(message, clear)
        : clear;
      await settings.publisher.publish(settings.dlqTopic, [letter]);
    } catch (publishError) {
      this.report(message, 'redelivered', publishError);
      throw publishError;
    }
    this.report(message, 'dead-lettered', code);
    settings.logger.error(
      `${this.where(message, settings.messageIdOf(message))}: sent to ${settings.dlqTopic} after ${attempts} attempt(s): ${reason}`,
    );
  }

  /** Tells the observer, if any; `failure` is an error code or the error it is taken from. */
  private report(message: Message, kind: ConsumerOutcome['kind'], failure?: unknown): void {
    const { observer, consumer } = this.settings;
    if (!observer?.onOutcome) return;
    const errorCode =
      failure === undefined
        ? undefined
        : typeof failure === 'string'
          ? failure
          : errorSummary(failure).code;
    const outcome: ConsumerOutcome = {
      kind,
      consumer,
      topic: message.topic,
      partition: message.partition,
      ...(errorCode === undefined ? {} : { errorCode }),
    };
    notifyObserver(() => observer.onOutcome!(outcome));
  }

  private where(message: Message, messageId: string | undefined): string {
    return `consumer ${this.settings.consumer}: ${message.topic}[${message.partition}]@${message.offset} (id ${messageId ?? 'none'})`;
  }
}
