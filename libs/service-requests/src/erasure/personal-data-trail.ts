/** One operation that destroyed personal data, as the security-event files keep it. */
export interface PersonalDataTrailEntry {
  /** `erased`: a citizen's erasure; `disposed`: requests disposed of at the end of retention. */
  readonly outcome: 'erased' | 'disposed';
  /** `ERASURE.DONE` or `RETENTION.DISPOSED`. */
  readonly code: string;
  /** Who did it: `admin` (the admin token) or `cli` (the command line, on the hub's host). */
  readonly principal: string;
  readonly authority: null;
  /** `POST /v1/citizens/erasure`, `maillage erase`, … */
  readonly attempt: string;
  /** Pseudonymous ids and counts only: the record of an erasure must not undo it. */
  readonly detail: string;
}

/** Where those records go: the security log (`SecurityLog` of `@maillage/connectors`). */
export interface PersonalDataTrailSink {
  record(entry: PersonalDataTrailEntry): void;
}

/**
 * Erasures and retention disposals are kept apart from the application's logs, with the security
 * events (write-only for the application, their own retention). The security log lives in
 * `@maillage/connectors`, which depends on this lib: it plugs itself in at boot (`use`), and the
 * command line does the same. Without a sink, entries go nowhere but the callers' own logs.
 */
export class PersonalDataTrail {
  private sink: PersonalDataTrailSink | null = null;

  use(sink: PersonalDataTrailSink): void {
    this.sink = sink;
  }

  record(entry: PersonalDataTrailEntry): void {
    this.sink?.record(entry);
  }
}
