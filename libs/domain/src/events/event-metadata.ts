/** Who acted: the authority on whose behalf, and the connector (GRC tool) that sent it, if any. */
export interface Actor {
  /** Authority id, e.g. `commune:45155`, `epci:244500211`, `departement:45`. */
  readonly authority: string;
  /** Connector id, or null when the hub itself acted (routing, operator). */
  readonly connector: string | null;
}

/**
 * Metadata every canonical event carries. Set by the application layer, never by the decider
 * (which only sees time and ids as inputs). `integrity` is filled by the event store at append.
 */
export interface EventMetadata {
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor;
  /** When it happened at the source (the tool's clock), ISO 8601 UTC. */
  readonly occurredAt: string;
  /**
   * The source time as the tool wrote it (e.g. `29/11/2026 14:05`) and the time zone it was read
   * in, when a dialect normalised a local time: nothing of the original is lost.
   */
  readonly sourceTime?: { readonly raw: string; readonly timeZone: string };
  /** When the hub recorded it, ISO 8601 UTC. */
  readonly recordedAt: string;
  readonly schemaVersion: 1;
}
