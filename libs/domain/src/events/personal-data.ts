/**
 * The citizen's personal data, kept apart from the rest of an event so that it can be encrypted
 * with a per-citizen key and erased by destroying that key (crypto-shredding) without rewriting
 * history. `subjectId` is a pseudonymous id for the citizen; it is not itself personal data.
 */
export interface PersonalData {
  readonly subjectId: string;
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  /** Postal address of the citizen (not the location of the problem). */
  readonly address?: string;
}
