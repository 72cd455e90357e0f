import type { AuthorityId } from '@maillage/domain';
import type { DialectId } from '@maillage/dialects';

export const CONNECTOR_STATUSES = ['active', 'disabled'] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

/**
 * One GRC tool of one authority: the dialect it speaks, and how it wants to receive. Its API keys
 * live apart (only their hashes are stored, see `ApiKeys`).
 */
export interface Connector {
  /** Also the middle of its topics' names: `maillage.in.<id>.v1`, `maillage.out.<id>.v1`. */
  readonly id: string;
  readonly authority: AuthorityId;
  readonly name: string;
  readonly dialect: DialectId;
  /** IANA zone of the tool's local times that carry no offset. */
  readonly timeZone: string;
  /** Commune assumed when a filing names none (a commune's tool: its own INSEE code). */
  readonly defaultInseeCode: string | null;
  readonly delivery: {
    /** Publish what concerns this tool, in its dialect, to `maillage.out.<id>.v1`. */
    readonly kafka: boolean;
  };
  readonly status: ConnectorStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An API key as stored: never the key itself, only the SHA-256 of its secret part. */
export interface StoredApiKey {
  readonly keyId: string;
  readonly connectorId: string;
  /** Hex SHA-256 of the key's secret part. */
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** What the admin API shows of a key. */
export interface ApiKeyView {
  readonly keyId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}
