import type { ErasureLegalBasis } from '../erasure/erasure-legal-basis';

/**
 * The personal data this request held about a citizen was erased: their key was destroyed, so
 * `personal` of every earlier event reads `[effacé]`. Recorded once per request and citizen,
 * after the fact, so that every tool involved hears of it and erases its own copy. Holds no
 * personal data: the subject is pseudonymous, and `requester` names who asked for the erasure —
 * a service or role and a reference (e.g. `DPO commune:45155, demande RGPD-2026-014`), never
 * the citizen's own contact.
 */
export interface PersonalDataErased {
  readonly type: 'PersonalDataErased';
  readonly data: {
    readonly requestId: string;
    /** The citizen's pseudonymous id, as in `personal.subjectId` of the filing. */
    readonly subjectId: string;
    /** Id of the erasure (the key's destruction), shared by every request it touched. */
    readonly erasureId: string;
    readonly legalBasis: ErasureLegalBasis;
    readonly requester: string;
  };
  readonly personal: null;
}
