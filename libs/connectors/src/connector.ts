import type { AuthorityId } from '@maillage/domain';
import type { DialectId } from '@maillage/dialects';
import type { Subscription } from './subscriptions/subscription';

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
    /**
     * POST each message, signed (Standard Webhooks), to this endpoint; null (or absent, for
     * connectors stored before webhooks existed) when the tool does not receive webhooks.
     */
    readonly webhook?: ConnectorWebhook | null;
  };
  readonly status: ConnectorStatus;
  /** What its back office follows in its territory besides its own requests (absent: none). */
  readonly subscriptions?: readonly Subscription[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Signature schemes of Standard Webhooks: HMAC-SHA256 (`v1`) and Ed25519 (`v1a`). */
export const WEBHOOK_SIGNATURE_SCHEMES = ['hmac-sha256', 'ed25519'] as const;
export type WebhookSignatureScheme = (typeof WEBHOOK_SIGNATURE_SCHEMES)[number];

/** What the settings show of a webhook signing secret: never the secret or the private key. */
export interface WebhookSecretView {
  readonly secretId: string;
  readonly scheme: WebhookSignatureScheme;
  /** For Ed25519: the public key the receiver verifies with (`whpk_…`); null for HMAC. */
  readonly publicKey: string | null;
  readonly createdAt: string;
}

/** A connector's webhook endpoint; its secrets are issued and revoked by the hub, never set. */
export interface ConnectorWebhook {
  /** `https://…`; `http://` only to 127.0.0.1 or localhost (tests, a local relay). */
  readonly url: string;
  /** Every live secret signs each request: two during a rotation. */
  readonly secrets: readonly WebhookSecretView[];
  /** Set when the receiver answered `410 Gone`: nothing is sent until the URL is set again. */
  readonly disabledAt: string | null;
  readonly disabledReason: string | null;
}

/**
 * What a key may do. `ingest`: file and update requests (the canonical API's writes, the
 * connector's own ingest). `subscribe`: read the requests that involve its authority, its feed and
 * subscriptions. `audit`: the audit API, limited to its authority's history. `admin`: manage its
 * own connector's webhook secrets and dead letters. No scope reaches another authority.
 */
export const API_KEY_SCOPES = ['ingest', 'subscribe', 'audit', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** A key issued without a list of scopes: what a GRC tool needs to exchange requests. */
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = ['ingest', 'subscribe'];

/** An API key as stored: never the key itself, only the SHA-256 of its secret part. */
export interface StoredApiKey {
  readonly keyId: string;
  readonly connectorId: string;
  /** Hex SHA-256 of the key's secret part. */
  readonly secretHash: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** What the admin API shows of a key. */
export interface ApiKeyView {
  readonly keyId: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Scopes as stored (space-separated); unknown words are dropped, never widened. */
export function scopesOf(stored: string): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((scope) => stored.split(' ').includes(scope));
}
