import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { WebhookSecretView } from '@maillage/connectors';
import { WebhookSecrets } from '@maillage/delivery';
import { Problems } from '../requests/api-docs.decorators';
import { Authenticated, CurrentPrincipal, requireOwnConnector } from '../auth/authenticated';
import type { Principal } from '../auth/principal';
import { IssueWebhookSecretDto } from './dto/issue-webhook-secret.dto';
import { withWebhookProblems } from './webhook-problems';
import { WebhookSecretIssuedSchema } from './schemas/connector.schema';

const HMAC_NOTICE =
  'Give this secret to the receiver now: the hub keeps it sealed to sign with and will never show it again.';
const ED25519_NOTICE =
  'Give this public key to the receiver: it verifies v1a signatures; the private key never leaves the hub.';

/**
 * Webhook signing secrets of a connector: issue (rotation: both sign until the old is revoked),
 * revoke. The admin token, or the connector's own key with the `admin` scope.
 */
@ApiTags('connectors (admin)')
@Authenticated({ scopes: ['admin'], admin: true })
@Controller('v1/connectors/:connectorId/webhook-secrets')
export class WebhookSecretsController {
  constructor(private readonly secrets: WebhookSecrets) {}

  @Post()
  @ApiOperation({
    summary: 'Issue a webhook signing secret (at most two: the current one and the next)',
  })
  @ApiResponse({
    status: 201,
    description: 'Issued; an HMAC secret is shown this once',
    type: WebhookSecretIssuedSchema,
  })
  @Problems(400, 401, 403, 404, 409)
  async issue(
    @Param('connectorId') connectorId: string,
    @Body() body: IssueWebhookSecretDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ webhookSecret: WebhookSecretView & { secret: string | null; notice: string } }> {
    requireOwnConnector(principal, connectorId);
    const issued = await withWebhookProblems(() =>
      this.secrets.issue(connectorId, body.scheme ?? 'hmac-sha256'),
    );
    return {
      webhookSecret: {
        ...issued.view,
        secret: issued.secret,
        notice: issued.secret === null ? ED25519_NOTICE : HMAC_NOTICE,
      },
    };
  }

  @Delete(':secretId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a webhook signing secret: it stops signing at once' })
  @Problems(401, 403, 404)
  async revoke(
    @Param('connectorId') connectorId: string,
    @Param('secretId') secretId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    requireOwnConnector(principal, connectorId);
    await withWebhookProblems(() => this.secrets.revoke(connectorId, secretId));
  }
}
