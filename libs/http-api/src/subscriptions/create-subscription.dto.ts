import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { COMPETENCE_LEVELS, type CompetenceLevel } from '@maillage/connectors';
import { SERVICE_REQUEST_EVENT_TYPES } from '@maillage/domain';

/** A subscription as a connector asks for it; the hub checks the territory against its key. */
export class CreateSubscriptionDto {
  @ApiPropertyOptional({
    example: 'departement:45',
    description:
      "The territory followed: the connector's authority (default) or part of it (a département: its EPCIs and communes; an EPCI: its communes)",
  })
  @IsOptional()
  @IsString()
  @Matches(/^(commune|epci|departement):[0-9A-Za-z]{1,12}$/, {
    message: 'must be an authority id such as commune:45155, epci:244500211 or departement:45',
  })
  territory?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['roads', 'waste.collection'],
    description: 'Category codes or prefixes (roads covers roads.municipal); absent: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  categories?: string[];

  @ApiPropertyOptional({
    type: [String],
    enum: COMPETENCE_LEVELS,
    description: 'Only requests routed to an authority of these levels; absent: any',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...COMPETENCE_LEVELS], { each: true })
  competences?: CompetenceLevel[];

  @ApiPropertyOptional({
    type: [String],
    enum: SERVICE_REQUEST_EVENT_TYPES,
    description: 'Canonical event types; absent: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...SERVICE_REQUEST_EVENT_TYPES], { each: true })
  eventTypes?: string[];
}
