import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { AUTHORITY_ID_PATTERN } from '@maillage/domain';
import { DIALECT_IDS, type DialectId } from '@maillage/dialects';
import { CONNECTOR_ID_PATTERN } from '@maillage/messaging';
import { INSEE_CODE } from '../../validation/insee-code';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

/** A webhook endpoint; its signing secrets are issued by `POST …/webhook-secrets`, never set. */
export class ConnectorWebhookDto {
  @ApiProperty({
    example: 'https://grc.loiret.fr/maillage/webhooks',
    description:
      'https:// to a public host (http:// only to 127.0.0.1 or localhost); loopback, private, link-local and metadata addresses are refused, here and at each connection, unless the operator allows the host (MAILLAGE_WEBHOOK_ALLOW_HOSTS); setting it again re-enables a webhook disabled by a 410',
    maxLength: 2048,
  })
  @IsString()
  @MaxLength(2048)
  url!: string;
}

export class ConnectorDeliveryDto {
  @ApiPropertyOptional({
    description: 'Publish what concerns the tool, in its dialect, to maillage.out.<id>.v1',
    default: true,
  })
  @MayBeOmitted()
  @IsBoolean()
  kafka?: boolean;

  @ApiPropertyOptional({
    type: ConnectorWebhookDto,
    nullable: true,
    description:
      'POST each message, signed (Standard Webhooks), to this URL; null: no webhook (the default)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorWebhookDto)
  webhook?: ConnectorWebhookDto | null;
}

export class CreateConnectorDto {
  @ApiProperty({ example: 'gien-grc', pattern: CONNECTOR_ID_PATTERN.source })
  @Matches(CONNECTOR_ID_PATTERN, {
    message: 'expected 1 to 64 of [a-z0-9-], starting and ending with a letter or digit',
  })
  id!: string;

  @ApiProperty({ example: 'commune:45155', pattern: AUTHORITY_ID_PATTERN.source })
  @Matches(AUTHORITY_ID_PATTERN, {
    message: 'expected commune:<INSEE>, epci:<SIREN> or departement:<code>',
  })
  authority!: string;

  @ApiProperty({ example: 'Mairie de Gien — GRC', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: DIALECT_IDS })
  @IsIn([...DIALECT_IDS])
  dialect!: DialectId;

  @ApiPropertyOptional({
    example: 'Europe/Paris',
    description: 'IANA zone of local times',
    maxLength: 64,
  })
  @MayBeOmitted()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: '45155',
    pattern: INSEE_CODE.source,
    description: "Commune assumed when a filing names none (default: a commune's own code)",
  })
  @MayBeOmitted()
  @IsString()
  @Matches(INSEE_CODE, { message: 'defaultInseeCode must be a 5-character INSEE commune code' })
  defaultInseeCode?: string;

  @ApiPropertyOptional({ type: ConnectorDeliveryDto })
  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorDeliveryDto)
  delivery?: ConnectorDeliveryDto;
}
