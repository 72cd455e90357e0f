// The public surface of @maillage/dead-letters: the Kafka dead letters, sealed, inspected,
// replayed and erased.

export { DeadLettersError, type DeadLettersErrorCode } from './dead-letters.error';
export type {
  DeadLetterKey,
  DeadLetterKeyStore,
  DeadLetterKeyTombstone,
  DeadLetterReplay,
} from './keys/dead-letter-key-store.port';
export { SqliteDeadLetterKeyStore } from './keys/sqlite.dead-letter-key-store';
export { PostgresDeadLetterKeyStore } from './keys/postgres.dead-letter-key-store';
export { openDeadLetterKeyStore } from './keys/open-dead-letter-key-store';
export { DeadLetterVault, type OpenedDeadLetter } from './sealing/dead-letter-vault';
export type { SealedDeadLetterValue } from './sealing/sealed-dead-letter';
export {
  DeadLetters,
  type DeadLetterAccess,
  type DeadLetterQuery,
  type DeadLetterReplayResult,
} from './inspection/dead-letters';
export { deadLetterId, type DeadLetterView } from './inspection/dead-letter-view';
export { kafkaDeadLetterRedactor } from './erasure/dead-letter.redactor';
export { openDeadLetters, type OpenedDeadLetters } from './open-dead-letters';
export { DeadLettersModule } from './dead-letters.module';
