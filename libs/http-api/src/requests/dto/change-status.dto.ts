import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CANONICAL_STATUSES, type CanonicalStatus } from '@maillage/domain';
import { RawStatusDto } from './raw-status.dto';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

export class ChangeStatusDto {
  @ApiProperty({ enum: CANONICAL_STATUSES, example: 'in_progress' })
  @IsIn([...CANONICAL_STATUSES])
  to!: CanonicalStatus;

  @ApiProperty({ type: RawStatusDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RawStatusDto)
  raw!: RawStatusDto;

  @ApiPropertyOptional({ maxLength: 2000 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
