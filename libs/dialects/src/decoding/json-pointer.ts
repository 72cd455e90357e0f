/** Appends one reference token to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerTo(parent: string, token: string | number): string {
  const text = String(token);
  if (text.indexOf('~') === -1 && text.indexOf('/') === -1) return `${parent}/${text}`;
  return `${parent}/${text.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The reference tokens of a JSON pointer, unescaped (`''` gives no token). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Keys longer than this are cut in the pointers of issues: an answer must stay readable. */
const MAX_REPORTED_KEY = 200;

/**
 * The pointer to an unknown key, cut (and marked `…`) when the key is absurdly long, so that a
 * payload with a megabyte-long key does not get a megabyte-long answer.
 */
export function pointerToUnknown(parent: string, key: string): string {
  return pointerTo(
    parent,
    key.length > MAX_REPORTED_KEY ? `${key.slice(0, MAX_REPORTED_KEY)}…` : key,
  );
}
