import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AUTHORITY_ID_PATTERN, CANONICAL_STATUSES } from '@maillage/domain';

export class ListRequestsQueryDto {
  @ApiPropertyOptional({ example: 'departement:45' })
  @IsOptional()
  @Matches(AUTHORITY_ID_PATTERN, {
    message: 'authority must be an authority id like departement:45',
  })
  authority?: string;

  @ApiPropertyOptional({ enum: CANONICAL_STATUSES })
  @IsOptional()
  @IsIn([...CANONICAL_STATUSES])
  status?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({
    minimum: 1,
    default: 20,
    description: 'Capped by MAILLAGE_MAX_PAGE_SIZE (default 100)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}
