import type {
  Attachment,
  AuthorityId,
  CanonicalStatus,
  Channel,
  CloseOutcome,
  Location,
  RawStatus,
} from '@maillage/domain';

/** Ids of the built-in dialects. A new wire format is a new id (`commune-v2`), never a reuse. */
export const DIALECT_IDS = ['commune-v1', 'epci-v1', 'departement-v1', 'open311-v2'] as const;
export type DialectId = (typeof DIALECT_IDS)[number];

/** What the hub knows about the connector a native message came from or goes to. */
export interface DialectContext {
  /** The connector's own authority, e.g. `commune:45155`. */
  readonly authority: AuthorityId;
  /** INSEE code used when a filing names no commune (a commune's own tool: its own code). */
  readonly defaultInseeCode: string | null;
  /** IANA time zone of the tool's local times without an offset (default `Europe/Paris`). */
  readonly timeZone: string;
}

/** One problem with a native payload: where (a JSON pointer into the payload) and what was expected. */
export interface DialectIssue {
  /** JSON pointer into the native payload, e.g. `/demandeur/courriel`; `''` for the whole payload. */
  readonly pointer: string;
  /** What was expected there, in plain words (e.g. `an ISO 8601 date-time`, `one of 1, 2, 3`). */
  readonly expected: string;
  /** Stable code, e.g. `DIALECT.REQUIRED`, `DIALECT.TYPE`, `DIALECT.FORMAT`, `DIALECT.UNKNOWN_VALUE`. */
  readonly code: string;
}

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly DialectIssue[] };

/** A source time: normalised to UTC, and the value exactly as the tool sent it. */
export interface SourceTime {
  /** ISO 8601 UTC (`...Z`). */
  readonly utc: string;
  readonly raw: string;
}

/** A filing decoded from native: everything of `FileRequestInput` but the source authority/connector. */
export interface DecodedFiling {
  /** The tool's own id for the request. */
  readonly externalId: string;
  readonly channel: Channel;
  /** Canonical category code (see schemas/routing/categories.v1.json). */
  readonly category: string;
  readonly description: string;
  readonly location: Location;
  readonly attachments: readonly Attachment[];
  readonly citizen: {
    readonly name?: string;
    readonly email?: string;
    readonly phone?: string;
    readonly address?: string;
  } | null;
  readonly filedAt: SourceTime | null;
}

/** Identifies the request a native update is about: the tool's own id, or the hub id. */
export type RequestReference =
  | { readonly kind: 'external'; readonly externalId: string }
  | { readonly kind: 'hub'; readonly requestId: string };

/** A change decoded from native, mapped to one canonical command. */
export type DecodedUpdate = {
  readonly request: RequestReference;
  readonly occurredAt: SourceTime | null;
} & (
  | { readonly kind: 'acknowledge'; readonly externalReference: string }
  | {
      readonly kind: 'status';
      readonly to: CanonicalStatus;
      readonly raw: RawStatus;
      readonly note: string | null;
    }
  | {
      readonly kind: 'close';
      readonly outcome: CloseOutcome;
      readonly raw: RawStatus | null;
      readonly note: string | null;
    }
  | { readonly kind: 'comment'; readonly text: string; readonly visibility: 'public' | 'internal' }
  | { readonly kind: 'reopen'; readonly reason: string }
  | {
      /** The tool's authority declines competence and names who is competent: routed on there. */
      readonly kind: 'transfer';
      readonly to: readonly AuthorityId[];
      readonly reason: string;
    }
);

/** A canonical event as encoders see it (the store's RecordedEvent, personal part decrypted). */
export interface CanonicalEventView {
  readonly eventId: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly personal: Readonly<Record<string, unknown>> | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly position: number;
  readonly recordedAt: string;
}

/** What the receiving tool has to do with the request: it filed it, or it was routed to it. */
export interface EncodeContext extends DialectContext {
  readonly role: 'origin' | 'target';
  /** The receiving tool's own id for the request, when known (its external id or acknowledgement). */
  readonly externalId: string | null;
  /** The request's canonical category, for events that do not carry it. */
  readonly category: string | null;
  /**
   * The dialect of the connector that produced the event, when the caller knows it. A raw status
   * (`data.raw`) is echoed back verbatim only to a tool of that same dialect; when this is left
   * undefined, a raw code that this dialect's vocabulary knows, for the same canonical status, is
   * taken to be its own. Optional: added after the first version of this contract.
   */
  readonly eventDialect?: DialectId | null;
}

/** One native message for a tool, ready to serialise as JSON. */
export interface NativeMessage {
  /** The dialect's own name for this kind of message, e.g. `demande.creee`, `statut.modifie`. */
  readonly kind: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * One GRC tool family's wire format: pure functions, no I/O, never throw on bad input (they
 * return issues). Vocabulary tables are data files an IT department can read and edit.
 */
export interface Dialect {
  readonly id: DialectId;
  /** JSON Schema ($id) of the dialect's inbound and outbound messages, in schemas/dialects/. */
  readonly schemaId: string;
  decodeFiling(payload: unknown, context: DialectContext): DecodeResult<DecodedFiling>;
  decodeUpdate(payload: unknown, context: DialectContext): DecodeResult<DecodedUpdate>;
  /** The event in the tool's terms, or null when this dialect has nothing to say about it. */
  encode(event: CanonicalEventView, context: EncodeContext): NativeMessage | null;
}
