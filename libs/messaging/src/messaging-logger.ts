/**
 * Where this lib reports what it recovers from (a handler failure before redelivery, a message
 * sent to the dead-letter topic). Lines carry topic, partition, offset, event id and error code,
 * never a message's value or personal data.
 */
export interface MessagingLogger {
  warn(message: string): void;
  error(message: string): void;
}
