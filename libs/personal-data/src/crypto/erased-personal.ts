import type { JsonObject } from '@maillage/event-store';

/** What each field of a citizen's personal data reads as once their key is destroyed. */
export const ERASED = '[effacé]';

/**
 * The personal part of an event whose key was destroyed: the pseudonymous `subjectId`, and
 * `[effacé]` for every field a personal part can hold — all of them, whether or not the event
 * had it, since which fields a citizen gave is itself behind the key.
 */
export function erasedPersonal(subjectId: string): JsonObject {
  return { subjectId, name: ERASED, email: ERASED, phone: ERASED, address: ERASED };
}
