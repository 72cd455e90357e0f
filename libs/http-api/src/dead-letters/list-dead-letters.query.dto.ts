import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { CONNECTOR_ID_PATTERN } from '@maillage/messaging';

export class ListDeadLettersQueryDto {
  @ApiPropertyOptional({
    description: "Only the dead letters of this connector's in-topic (a connector key: its own)",
    example: 'loiret-grc',
  })
  @IsOptional()
  @Matches(CONNECTOR_ID_PATTERN, { message: 'connector must be a connector id' })
  connector?: string;

  @ApiPropertyOptional({
    description: 'Only those of this consumer',
    example: 'maillage.gateway.in',
  })
  @IsOptional()
  @MaxLength(249)
  consumer?: string;

  @ApiPropertyOptional({
    description: 'Only those dead-lettered from this topic',
    example: 'maillage.in.loiret-grc.v1',
  })
  @IsOptional()
  @MaxLength(249)
  sourceTopic?: string;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Partition of maillage.dlq.v1' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  partition?: number;

  @ApiPropertyOptional({ description: "First offset to list (the previous page's `next`)" })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'from must be an offset (digits)' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, default: 50, description: 'Capped by MAILLAGE_MAX_PAGE_SIZE' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
