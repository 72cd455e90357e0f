/**
 * What an erasure hands to the redactors of copies the hub keeps outside the event store (dead
 * letters, retained payloads): enough to find them, and the values to blank out.
 */
export interface ErasureScope {
  readonly subjectId: string;
  readonly erasureId: string;
  /** The request streams that held the subject's data. */
  readonly streamIds: readonly string[];
  /** The events whose personal part was the subject's: a message that encoded one may quote it. */
  readonly eventIds: readonly string[];
  /**
   * The subject's clear values (name, e-mail, phone, address), read just before the key was
   * destroyed — empty when it already was. In memory for the erasure only: never log them.
   */
  readonly values: readonly string[];
}

/** Blanks out one kind of copy of personal data the hub controls. */
export interface PersonalDataRedactor {
  /** What it redacts, for the erasure's report (e.g. `webhook dead letters`). */
  readonly name: string;
  /** Redacts what it owns in the scope; resolves with how many copies it changed. */
  redact(scope: ErasureScope): Promise<number>;
}

/**
 * The redactors an erasure runs after destroying the key. Modules that keep copies of messages
 * register theirs at init (e.g. the webhook dead letters: `webhookDeadLetterRedactor`).
 */
export class PersonalDataRedactors {
  private readonly redactors: PersonalDataRedactor[] = [];

  register(redactor: PersonalDataRedactor): void {
    this.redactors.push(redactor);
  }

  all(): readonly PersonalDataRedactor[] {
    return [...this.redactors];
  }
}
