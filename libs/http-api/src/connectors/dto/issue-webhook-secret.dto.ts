import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WEBHOOK_SIGNATURE_SCHEMES, type WebhookSignatureScheme } from '@maillage/connectors';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

export class IssueWebhookSecretDto {
  @ApiPropertyOptional({
    enum: WEBHOOK_SIGNATURE_SCHEMES,
    default: 'hmac-sha256',
    description:
      'hmac-sha256: a whsec_ secret shared with the receiver (v1 signatures); ed25519: the hub keeps the private key, the receiver gets a whpk_ public key (v1a)',
  })
  @MayBeOmitted()
  @IsIn([...WEBHOOK_SIGNATURE_SCHEMES])
  scheme?: WebhookSignatureScheme;
}
