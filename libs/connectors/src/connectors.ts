import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  type ApiKeyView,
  type Connector,
  DEFAULT_API_KEY_SCOPES,
  type ConnectorStatus,
  type ConnectorWebhook,
  type StoredApiKey,
  type WebhookSecretView,
} from './connector';
import { validateConnector } from './connector-validation';
import { DEMO_CONNECTORS, DEMO_KEY_SCOPES, demoKey } from './demo-connectors';
import { ConnectorsError, connectorNotFound } from './connectors.error';
import { type IssuedApiKey, issueApiKey, parseApiKey, secretMatches } from './keys/api-key';
import { sharedTerritory } from '@maillage/directory';
import type { ConnectorStore } from './store/connector-store.port';
import {
  MAX_SUBSCRIPTIONS_PER_CONNECTOR,
  newSubscription,
  type Subscription,
  type SubscriptionInput,
} from './subscriptions/subscription';
import type { WebhookTargetPolicy } from './webhook-target/webhook-target-policy';

/** What registering a connector takes; everything but id, authority, name and dialect has a default. */
export interface ConnectorInput {
  readonly id: string;
  readonly authority: string;
  readonly name: string;
  readonly dialect: string;
  readonly timeZone?: string;
  readonly defaultInseeCode?: string | null;
  readonly delivery?: { readonly kafka?: boolean; readonly webhook?: WebhookInput | null };
  readonly status?: ConnectorStatus;
}

/**
 * A webhook as set by an IT department: its URL only. Secrets and the disabled state are the
 * hub's (issued, revoked, or set on a `410 Gone`); whatever else an input carries is ignored.
 */
export interface WebhookInput {
  readonly url: string;
}

export type ConnectorPatch = Partial<Omit<ConnectorInput, 'id' | 'authority'>>;

/** Name and kind of an authority, from the territory; null when it does not exist. */
export type DescribeAuthority = (
  id: string,
) => { readonly level: string; readonly code: string; readonly name: string } | null;

export interface ConnectorsOptions {
  readonly describeAuthority: DescribeAuthority;
  /** Whether an INSEE code names an existing commune. */
  readonly communeExists: (inseeCode: string) => boolean;
  readonly now?: () => Date;
  /** How long a verified key is trusted before it is looked up again (default 5 s). */
  readonly authCacheMs?: number;
  /** Which webhook URLs may be registered (default: public hosts only, none allowed besides). */
  readonly webhookTargets?: WebhookTargetPolicy;
}

/** Told after a connector is created or changed in this process (e.g. to create its topics). */
export type ConnectorChangeListener = (connector: Connector) => Promise<void>;

/** A connector and, when one was just issued, its whole key: shown once, never stored. */
export interface ConnectorWithKey {
  readonly connector: Connector;
  readonly key: IssuedApiKey;
}

/**
 * The registry of connectors: registration, settings, API keys (stored as hashes, shown once,
 * rotated by issuing a new one and revoking the old) and authentication of incoming calls.
 */
export class Connectors {
  private readonly now: () => Date;
  private readonly authCacheMs: number;
  /** Keys verified recently, by key id: the secret is still checked against the hash each time. */
  private readonly verified = new Map<
    string,
    {
      readonly connector: Connector;
      readonly secretHash: string;
      readonly scopes: readonly ApiKeyScope[];
      readonly expiresAt: number;
    }
  >();
  private byAuthorityCache: {
    readonly map: Map<string, Connector[]>;
    readonly subscribers: Connector[];
    readonly expiresAt: number;
  } | null = null;
  private readonly listeners: ConnectorChangeListener[] = [];

  constructor(
    private readonly store: ConnectorStore,
    private readonly options: ConnectorsOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.authCacheMs = options.authCacheMs ?? 5000;
  }

  /** Adds a listener told of every connector created or changed through this registry. */
  onChange(listener: ConnectorChangeListener): void {
    this.listeners.push(listener);
  }

  async register(input: ConnectorInput): Promise<ConnectorWithKey> {
    const at = this.now().toISOString();
    const connector = validateConnector(this.options, {
      ...input,
      delivery: { ...input.delivery, webhook: freshWebhook(input.delivery?.webhook, null) },
      createdAt: at,
      updatedAt: at,
    });
    const key = issueApiKey();
    await this.store.insert(connector, this.stored(connector.id, key, at));
    await this.changed(connector);
    return { connector, key };
  }

  async update(id: string, patch: ConnectorPatch): Promise<Connector> {
    const current = await this.require(id);
    const connector = validateConnector(this.options, {
      ...current,
      ...definedOnly(patch),
      delivery: {
        ...current.delivery,
        ...definedOnly(patch.delivery ?? {}),
        webhook:
          patch.delivery?.webhook === undefined
            ? (current.delivery.webhook ?? null)
            : freshWebhook(patch.delivery.webhook, current.delivery.webhook ?? null),
      },
      updatedAt: this.now().toISOString(),
    });
    // Subscriptions are managed on their own (subscribe / unsubscribe), never by a settings patch.
    const kept = current.subscriptions
      ? { ...connector, subscriptions: current.subscriptions }
      : connector;
    await this.store.update(kept);
    await this.changed(kept);
    return kept;
  }

  /** Adds a subscription to the connector's; see {@link newSubscription} for what is refused. */
  async subscribe(id: string, input: SubscriptionInput): Promise<Subscription> {
    const current = await this.require(id);
    const existing = current.subscriptions ?? [];
    if (existing.length >= MAX_SUBSCRIPTIONS_PER_CONNECTOR) {
      throw new ConnectorsError(
        'CONNECTOR.INVALID',
        `subscriptions: a connector has at most ${MAX_SUBSCRIPTIONS_PER_CONNECTOR}; delete one first`,
        'subscriptions',
      );
    }
    const at = this.now().toISOString();
    const subscription = newSubscription(current, input, sharedTerritory(), at);
    const connector: Connector = {
      ...current,
      subscriptions: [...existing, subscription],
      updatedAt: at,
    };
    await this.store.update(connector);
    await this.changed(connector);
    return subscription;
  }

  /** Removes one of the connector's subscriptions; `CONNECTOR.SUBSCRIPTION_NOT_FOUND` otherwise. */
  async unsubscribe(id: string, subscriptionId: string): Promise<void> {
    const current = await this.require(id);
    const existing = current.subscriptions ?? [];
    if (!existing.some((subscription) => subscription.id === subscriptionId)) {
      throw subscriptionNotFound(subscriptionId);
    }
    const connector: Connector = {
      ...current,
      subscriptions: existing.filter((subscription) => subscription.id !== subscriptionId),
      updatedAt: this.now().toISOString(),
    };
    await this.store.update(connector);
    await this.changed(connector);
  }

  /** A subscription of the connector; `CONNECTOR.SUBSCRIPTION_NOT_FOUND` otherwise. */
  async subscription(id: string, subscriptionId: string): Promise<Subscription> {
    const found = (await this.require(id)).subscriptions?.find(
      (subscription) => subscription.id === subscriptionId,
    );
    if (!found) throw subscriptionNotFound(subscriptionId);
    return found;
  }

  /** Active connectors that subscribed to something (cached like {@link ofAuthority}). */
  async subscribers(): Promise<readonly Connector[]> {
    await this.ofAuthority('');
    return this.byAuthorityCache!.subscribers;
  }

  /**
   * Replaces the list of a connector's webhook signing secrets (issued and revoked by the
   * delivery lib, which keeps the secrets themselves); `CONNECTOR.INVALID` without a webhook.
   */
  setWebhookSecrets(id: string, secrets: readonly WebhookSecretView[]): Promise<Connector> {
    return this.changeWebhook(id, (webhook) => ({ ...webhook, secrets: [...secrets] }));
  }

  /**
   * Stops webhook deliveries to a connector (its receiver answered `410 Gone`), recording why;
   * setting the URL again (PATCH) enables them again, from where they stopped.
   */
  disableWebhook(id: string, reason: string): Promise<Connector> {
    return this.changeWebhook(id, (webhook) => ({
      ...webhook,
      disabledAt: this.now().toISOString(),
      disabledReason: reason.slice(0, 500),
    }));
  }

  private async changeWebhook(
    id: string,
    change: (webhook: ConnectorWebhook) => ConnectorWebhook,
  ): Promise<Connector> {
    const current = await this.require(id);
    const webhook = current.delivery.webhook ?? null;
    if (!webhook) {
      throw new ConnectorsError(
        'CONNECTOR.INVALID',
        `delivery.webhook: connector ${id} has no webhook URL; set one first`,
        'delivery.webhook',
      );
    }
    const connector: Connector = {
      ...current,
      delivery: { ...current.delivery, webhook: change(webhook) },
      updatedAt: this.now().toISOString(),
    };
    await this.store.update(connector);
    await this.changed(connector);
    return connector;
  }

  get(id: string): Promise<Connector | null> {
    return this.store.get(id);
  }

  async require(id: string): Promise<Connector> {
    const connector = await this.store.get(id);
    if (!connector) throw connectorNotFound(id);
    return connector;
  }

  list(): Promise<Connector[]> {
    return this.store.list();
  }

  /** Active connectors of an authority (cached for a few seconds: the dispatcher asks per event). */
  async ofAuthority(authority: string): Promise<readonly Connector[]> {
    const now = Date.now();
    if (!this.byAuthorityCache || this.byAuthorityCache.expiresAt <= now) {
      const map = new Map<string, Connector[]>();
      const subscribers: Connector[] = [];
      for (const connector of await this.store.list()) {
        if (connector.status !== 'active') continue;
        map.set(connector.authority, [...(map.get(connector.authority) ?? []), connector]);
        if (connector.subscriptions?.length) subscribers.push(connector);
      }
      this.byAuthorityCache = { map, subscribers, expiresAt: now + this.authCacheMs };
    }
    return this.byAuthorityCache.map.get(authority) ?? [];
  }

  /**
   * A new key for the connector, with `scopes` (default: ingest and subscribe); the previous keys
   * stay valid until revoked (rotation).
   */
  async issueKey(
    id: string,
    scopes: readonly ApiKeyScope[] = DEFAULT_API_KEY_SCOPES,
  ): Promise<IssuedApiKey & { readonly scopes: readonly ApiKeyScope[] }> {
    await this.require(id);
    const key = issueApiKey();
    const stored = this.stored(id, key, this.now().toISOString(), validScopes(scopes));
    await this.store.addKey(stored);
    return { ...key, scopes: stored.scopes };
  }

  async revokeKey(id: string, keyId: string): Promise<ApiKeyView> {
    await this.require(id);
    const key = await this.store.revokeKey(id, keyId, this.now().toISOString());
    if (!key) {
      throw new ConnectorsError('CONNECTOR.KEY_NOT_FOUND', `connector ${id} has no key ${keyId}`);
    }
    this.verified.delete(keyId);
    return toView(key);
  }

  async keys(id: string): Promise<ApiKeyView[]> {
    await this.require(id);
    return (await this.store.keysOf(id)).map(toView);
  }

  /**
   * Who holds `presentedKey`: its connector and the key's scopes. A missing, malformed, unknown or
   * revoked key is `CONNECTOR.UNAUTHENTICATED`; a disabled connector is `CONNECTOR.DISABLED`.
   */
  async authenticateKey(presentedKey: string | undefined): Promise<AuthenticatedKey> {
    const parsed = presentedKey === undefined ? null : parseApiKey(presentedKey);
    if (!parsed) {
      throw new ConnectorsError(
        'CONNECTOR.UNAUTHENTICATED',
        'expected a connector API key (Authorization: Bearer mlg_...)',
        'authorization',
      );
    }
    const cached = this.verified.get(parsed.keyId);
    let entry = cached && cached.expiresAt > Date.now() ? cached : null;
    if (!entry) {
      const key = await this.store.findKey(parsed.keyId);
      entry =
        key && key.revokedAt === null
          ? {
              connector: await this.require(key.connectorId),
              secretHash: key.secretHash,
              scopes: key.scopes,
              expiresAt: Date.now() + this.authCacheMs,
            }
          : null;
      if (entry) this.verified.set(parsed.keyId, entry);
    }
    if (!entry || !secretMatches(parsed.secret, entry.secretHash)) {
      throw new ConnectorsError(
        'CONNECTOR.UNAUTHENTICATED',
        'unknown or revoked API key',
        'authorization',
      );
    }
    if (entry.connector.status !== 'active') {
      throw new ConnectorsError(
        'CONNECTOR.DISABLED',
        `connector ${entry.connector.id} is disabled`,
      );
    }
    return { connector: entry.connector, keyId: parsed.keyId, scopes: entry.scopes };
  }

  /**
   * The connector `connectorId` when `presentedKey` is one of its live keys and holds `scope`.
   * Another connector's key is `CONNECTOR.FORBIDDEN`; a key without the scope is
   * `CONNECTOR.SCOPE_MISSING`; otherwise as {@link authenticateKey}.
   */
  async authenticate(
    connectorId: string,
    presentedKey: string | undefined,
    scope: ApiKeyScope = 'ingest',
  ): Promise<Connector> {
    return requireKeyOf(await this.authenticateKey(presentedKey), connectorId, scope);
  }

  /**
   * Creates the connectors of a file that do not exist yet and brings the others' settings in
   * line with it; keys are given by hash only (`keys: [{ keyId, secretHash }]`), never in clear.
   */
  async load(definitions: readonly ConnectorDefinition[]): Promise<Connector[]> {
    const loaded: Connector[] = [];
    for (const definition of definitions) {
      const { keys = [], ...input } = definition;
      const existing = await this.store.get(input.id);
      if (existing && existing.authority !== input.authority) {
        throw new ConnectorsError(
          'CONNECTOR.FILE_INVALID',
          `connector ${input.id} belongs to ${existing.authority}; a connector never changes authority`,
          'authority',
        );
      }
      const { id, authority, ...patch } = input;
      const connector = existing
        ? await this.update(id, patch)
        : await this.insertWithoutKey({ id, authority, ...patch });
      const known = new Set((await this.store.keysOf(connector.id)).map((key) => key.keyId));
      for (const [index, key] of keys.entries()) {
        if (!/^[a-z2-7]{12}$/.test(key.keyId) || !/^[0-9a-f]{64}$/.test(key.secretHash)) {
          throw new ConnectorsError(
            'CONNECTOR.FILE_INVALID',
            `connector ${connector.id}: keys[${index}] needs a keyId of 12 base32 characters and the hex SHA-256 secretHash`,
            `keys/${index}`,
          );
        }
        if (known.has(key.keyId)) continue;
        await this.store.addKey({
          keyId: key.keyId,
          connectorId: connector.id,
          secretHash: key.secretHash,
          scopes: validScopes(key.scopes ?? DEFAULT_API_KEY_SCOPES),
          createdAt: this.now().toISOString(),
          revokedAt: null,
        });
      }
      loaded.push(connector);
    }
    return loaded;
  }

  /**
   * The demo connectors (embedded default only). Their keys are derived from the hub secret, so
   * that the same keys can be printed at every start of the demo without being stored in clear.
   */
  async seedDemo(hubSecret: string): Promise<ConnectorWithKey[]> {
    const seeded: ConnectorWithKey[] = [];
    for (const input of DEMO_CONNECTORS) {
      const key = demoKey(hubSecret, input.id);
      if (!(await this.store.get(input.id))) {
        await this.insertWithoutKey(input);
      }
      if (!(await this.store.findKey(key.keyId))) {
        await this.store.addKey(
          this.stored(input.id, key, this.now().toISOString(), DEMO_KEY_SCOPES),
        );
      }
      seeded.push({ connector: await this.require(input.id), key });
    }
    return seeded;
  }

  private async insertWithoutKey(input: ConnectorInput): Promise<Connector> {
    const at = this.now().toISOString();
    const connector = validateConnector(this.options, {
      ...input,
      delivery: { ...input.delivery, webhook: freshWebhook(input.delivery?.webhook, null) },
      createdAt: at,
      updatedAt: at,
    });
    await this.store.insert(connector, null);
    await this.changed(connector);
    return connector;
  }

  private async changed(connector: Connector): Promise<void> {
    this.byAuthorityCache = null;
    for (const [key, entry] of this.verified) {
      if (entry.connector.id === connector.id) this.verified.delete(key);
    }
    for (const listener of this.listeners) await listener(connector);
  }

  private stored(
    connectorId: string,
    key: IssuedApiKey,
    at: string,
    scopes: readonly ApiKeyScope[] = DEFAULT_API_KEY_SCOPES,
  ): StoredApiKey {
    return {
      keyId: key.keyId,
      connectorId,
      secretHash: key.secretHash,
      scopes,
      createdAt: at,
      revokedAt: null,
    };
  }
}

/** A connector as a boot file describes it, with the hashes of keys issued elsewhere. */
export interface ConnectorDefinition extends ConnectorInput {
  readonly keys?: readonly {
    readonly keyId: string;
    readonly secretHash: string;
    readonly scopes?: readonly ApiKeyScope[];
  }[];
}

/**
 * The stored form of a webhook set through the API: the URL from the input, the secrets kept
 * from the current settings, and enabled again (setting the URL is how a `410` is undone).
 */
function freshWebhook(
  input: WebhookInput | null | undefined,
  current: ConnectorWebhook | null,
): ConnectorWebhook | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object')
    return { url: '', secrets: [], disabledAt: null, disabledReason: null };
  return {
    url: input.url,
    secrets: current?.secrets ?? [],
    disabledAt: null,
    disabledReason: null,
  };
}

function subscriptionNotFound(subscriptionId: string): ConnectorsError {
  return new ConnectorsError(
    'CONNECTOR.SUBSCRIPTION_NOT_FOUND',
    `no subscription ${subscriptionId.slice(0, 80)}`,
    'subscriptionId',
  );
}

function toView(key: StoredApiKey): ApiKeyView {
  return {
    keyId: key.keyId,
    scopes: key.scopes,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

/** A key that authenticated: whose it is and what it may do. */
export interface AuthenticatedKey {
  readonly connector: Connector;
  readonly keyId: string;
  readonly scopes: readonly ApiKeyScope[];
}

/**
 * The key's connector when it is `connectorId` (else `CONNECTOR.FORBIDDEN`) and the key holds
 * `scope` (else `CONNECTOR.SCOPE_MISSING`); `field` names where the key came from.
 */
export function requireKeyOf(
  key: AuthenticatedKey,
  connectorId: string,
  scope: ApiKeyScope,
  field = 'authorization',
): Connector {
  if (key.connector.id !== connectorId) {
    throw new ConnectorsError(
      'CONNECTOR.FORBIDDEN',
      `this key belongs to connector ${key.connector.id}, not ${connectorId.slice(0, 80)}`,
      field,
    );
  }
  requireScope(key.scopes, scope);
  return key.connector;
}

/** `CONNECTOR.SCOPE_MISSING` unless `scopes` holds `scope`. */
export function requireScope(scopes: readonly ApiKeyScope[], scope: ApiKeyScope): void {
  if (!scopes.includes(scope)) {
    throw new ConnectorsError(
      'CONNECTOR.SCOPE_MISSING',
      `this key lacks the ${scope} scope (it has: ${scopes.join(', ') || 'none'})`,
      'authorization',
    );
  }
}

function validScopes(scopes: readonly unknown[]): ApiKeyScope[] {
  const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly unknown[]).includes(scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new ConnectorsError(
      'CONNECTOR.INVALID',
      `scopes: expected a non-empty list of ${API_KEY_SCOPES.join(', ')}`,
      'scopes',
    );
  }
  return API_KEY_SCOPES.filter((scope) => scopes.includes(scope));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
