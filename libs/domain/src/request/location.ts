/**
 * Where the request is about (the pothole, the school), not where the citizen lives: the citizen's
 * own address is personal data and lives in `PersonalData`. `inseeCode` is the commune's INSEE
 * code (5 characters, `2A`/`2B` prefix in Corsica); it is what routing looks at.
 */
export interface Location {
  readonly inseeCode: string;
  readonly address?: string;
  /** WGS 84 decimal degrees. */
  readonly coordinates?: { readonly lat: number; readonly lon: number };
}
