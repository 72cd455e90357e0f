// The public surface of @maillage/personal-data: crypto-shredding of citizens' personal data.

export { PersonalDataError, type PersonalDataErrorCode } from './personal-data.error';
export { KeyEncryptionKey } from './crypto/key-encryption-key';
export {
  isSealedPersonal,
  openPersonal,
  sealPersonal,
  type SealedPersonal,
} from './crypto/sealed-personal';
export { ERASED, erasedPersonal } from './crypto/erased-personal';

export type {
  KeyDestruction,
  KeyRequest,
  KeyScope,
  KeyStore,
  KeyTombstone,
  StoredDataKey,
} from './key-store/key-store.port';
export { SqliteKeyStore, type SqliteKeyStoreOptions } from './key-store/sqlite.key-store';
export { PostgresKeyStore, type PostgresKeyStoreOptions } from './key-store/postgres.key-store';
export { createKeyStore, type KeyStoreOptions } from './key-store/create-key-store';

export { DataKeys, type DataKey, type DataKeysOptions } from './data-keys';
export { EncryptingEventStore } from './encrypting.event-store';

export {
  PersonalDataRedactors,
  type ErasureScope,
  type PersonalDataRedactor,
} from './erasure/personal-data-redactor';
export { redactMessageBody } from './erasure/redact-message-body';
export {
  webhookDeadLetterRedactor,
  type DeadLetterRedactionStore,
  type RedactableDeadLetter,
} from './erasure/webhook-dead-letter.redactor';
