import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CONNECTOR_STATUSES, type ConnectorStatus } from '@maillage/connectors';
import { DIALECT_IDS, type DialectId } from '@maillage/dialects';
import { ConnectorDeliveryDto } from './create-connector.dto';

/** Settings an IT department may change; a connector never changes id or authority. */
export class UpdateConnectorDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: DIALECT_IDS })
  @IsOptional()
  @IsIn([...DIALECT_IDS])
  dialect?: DialectId;

  @ApiPropertyOptional({ example: 'Europe/Paris' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ example: '45155' })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  defaultInseeCode?: string;

  @ApiPropertyOptional({ type: ConnectorDeliveryDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorDeliveryDto)
  delivery?: ConnectorDeliveryDto;

  @ApiPropertyOptional({ enum: CONNECTOR_STATUSES, description: 'disabled: its keys stop working' })
  @IsOptional()
  @IsIn([...CONNECTOR_STATUSES])
  status?: ConnectorStatus;
}
