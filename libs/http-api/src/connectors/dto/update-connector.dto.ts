import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CONNECTOR_STATUSES, type ConnectorStatus } from '@maillage/connectors';
import { DIALECT_IDS, type DialectId } from '@maillage/dialects';
import { ConnectorDeliveryDto } from './create-connector.dto';
import { INSEE_CODE } from '../../validation/insee-code';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

/** Settings an IT department may change; a connector never changes id or authority. */
export class UpdateConnectorDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: DIALECT_IDS })
  @MayBeOmitted()
  @IsIn([...DIALECT_IDS])
  dialect?: DialectId;

  @ApiPropertyOptional({ example: 'Europe/Paris', maxLength: 64 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: '45155',
    pattern: INSEE_CODE.source,
    nullable: true,
    description: 'null removes the default commune',
  })
  // null is a value here (no default commune), not a missing field.
  @IsOptional()
  @IsString()
  @Matches(INSEE_CODE, { message: 'defaultInseeCode must be a 5-character INSEE commune code' })
  defaultInseeCode?: string | null;

  @ApiPropertyOptional({ type: ConnectorDeliveryDto })
  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorDeliveryDto)
  delivery?: ConnectorDeliveryDto;

  @ApiPropertyOptional({ enum: CONNECTOR_STATUSES, description: 'disabled: its keys stop working' })
  @MayBeOmitted()
  @IsIn([...CONNECTOR_STATUSES])
  status?: ConnectorStatus;
}
