import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CLOSE_OUTCOMES, type CloseOutcome } from '@maillage/domain';
import { RawStatusDto } from './raw-status.dto';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

export class CloseDto {
  @ApiProperty({ enum: CLOSE_OUTCOMES, example: 'resolved' })
  @IsIn([...CLOSE_OUTCOMES])
  outcome!: CloseOutcome;

  @ApiPropertyOptional({ type: RawStatusDto })
  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => RawStatusDto)
  raw?: RawStatusDto;

  @ApiPropertyOptional({ maxLength: 2000 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
