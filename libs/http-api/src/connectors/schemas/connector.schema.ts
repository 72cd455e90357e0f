import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  API_KEY_SCOPES,
  CONNECTOR_STATUSES,
  WEBHOOK_SIGNATURE_SCHEMES,
} from '@maillage/connectors';
import { DIALECT_IDS } from '@maillage/dialects';
import { SubscriptionSchema } from '../../subscriptions/subscription.schema';

/** What the settings show of a webhook signing secret (never the secret itself). */
@ApiSchema({ name: 'WebhookSecretView' })
export class WebhookSecretViewSchema {
  @ApiProperty() secretId!: string;
  @ApiProperty({ enum: WEBHOOK_SIGNATURE_SCHEMES }) scheme!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Ed25519: whpk_…; HMAC: null' })
  publicKey!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ApiSchema({ name: 'ConnectorWebhook' })
export class ConnectorWebhookSchema {
  @ApiProperty() url!: string;
  @ApiProperty({ type: [WebhookSecretViewSchema] }) secrets!: WebhookSecretViewSchema[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
}

@ApiSchema({ name: 'ConnectorDelivery' })
export class ConnectorDeliverySchema {
  @ApiProperty() kafka!: boolean;
  @ApiPropertyOptional({ type: ConnectorWebhookSchema, nullable: true })
  webhook?: ConnectorWebhookSchema | null;
}

/** The OpenAPI schema of a `Connector` (libs/connectors) as the admin API shows it. */
@ApiSchema({ name: 'Connector' })
export class ConnectorSchema {
  @ApiProperty({ example: 'gien-grc' }) id!: string;
  @ApiProperty({ example: 'commune:45155' }) authority!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: DIALECT_IDS }) dialect!: string;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone!: string;
  @ApiProperty({ type: String, nullable: true, example: '45155' })
  defaultInseeCode!: string | null;
  @ApiProperty({ type: ConnectorDeliverySchema }) delivery!: ConnectorDeliverySchema;
  @ApiProperty({ enum: CONNECTOR_STATUSES }) status!: string;
  @ApiPropertyOptional({ type: [SubscriptionSchema] }) subscriptions?: SubscriptionSchema[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A key as issued: the whole key appears in this answer only. */
@ApiSchema({ name: 'IssuedApiKey' })
export class IssuedApiKeySchema {
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'mlg_…: shown once, never again' }) key!: string;
  @ApiProperty({ type: [String], enum: API_KEY_SCOPES }) scopes!: string[];
  @ApiProperty() notice!: string;
}

/** A key as the admin API lists it: ids and dates, never the secret. */
@ApiSchema({ name: 'ApiKeyView' })
export class ApiKeyViewSchema {
  @ApiProperty() keyId!: string;
  @ApiProperty({ type: [String], enum: API_KEY_SCOPES }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

@ApiSchema({ name: 'ConnectorRegistered' })
export class ConnectorRegisteredSchema {
  @ApiProperty({ type: ConnectorSchema }) connector!: ConnectorSchema;
  @ApiProperty({ type: IssuedApiKeySchema }) apiKey!: IssuedApiKeySchema;
}

@ApiSchema({ name: 'ConnectorAnswer' })
export class ConnectorAnswerSchema {
  @ApiProperty({ type: ConnectorSchema }) connector!: ConnectorSchema;
}

@ApiSchema({ name: 'ConnectorWithKeys' })
export class ConnectorWithKeysSchema {
  @ApiProperty({ type: ConnectorSchema }) connector!: ConnectorSchema;
  @ApiProperty({ type: [ApiKeyViewSchema] }) keys!: ApiKeyViewSchema[];
}

@ApiSchema({ name: 'ConnectorList' })
export class ConnectorListSchema {
  @ApiProperty({ type: [ConnectorSchema] }) items!: ConnectorSchema[];
}

@ApiSchema({ name: 'KeyIssued' })
export class KeyIssuedSchema {
  @ApiProperty({ type: IssuedApiKeySchema }) apiKey!: IssuedApiKeySchema;
}

@ApiSchema({ name: 'KeyRevoked' })
export class KeyRevokedSchema {
  @ApiProperty({ type: ApiKeyViewSchema }) key!: ApiKeyViewSchema;
}

/** A webhook secret as issued: an HMAC secret is in this answer only; Ed25519: `secret` null. */
@ApiSchema({ name: 'IssuedWebhookSecret' })
export class IssuedWebhookSecretSchema extends WebhookSecretViewSchema {
  @ApiProperty({ type: String, nullable: true, description: 'whsec_… (HMAC); null for Ed25519' })
  secret!: string | null;
  @ApiProperty() notice!: string;
}

@ApiSchema({ name: 'WebhookSecretIssued' })
export class WebhookSecretIssuedSchema {
  @ApiProperty({ type: IssuedWebhookSecretSchema }) webhookSecret!: IssuedWebhookSecretSchema;
}
