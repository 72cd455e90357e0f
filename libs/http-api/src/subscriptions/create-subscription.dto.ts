import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { COMPETENCE_LEVELS, type CompetenceLevel } from '@maillage/connectors';
import { SERVICE_REQUEST_EVENT_TYPES } from '@maillage/domain';
import { MayBeOmitted } from '../validation/may-be-omitted.decorator';

const TERRITORY = /^(commune|epci|departement):[0-9A-Za-z]{1,12}$/;

/** A subscription as a connector asks for it; the hub checks the territory against its key. */
export class CreateSubscriptionDto {
  @ApiPropertyOptional({
    example: 'departement:45',
    pattern: TERRITORY.source,
    description:
      "The territory followed: the connector's authority (default) or part of it (a département: its EPCIs and communes; an EPCI: its communes)",
  })
  @MayBeOmitted()
  @IsString()
  @Matches(TERRITORY, {
    message: 'must be an authority id such as commune:45155, epci:244500211 or departement:45',
  })
  territory?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['roads', 'waste.collection'],
    minItems: 1,
    maxItems: 50,
    items: { type: 'string', maxLength: 100 },
    description: 'Category codes or prefixes (roads covers roads.municipal); absent: all',
  })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  categories?: string[];

  @ApiPropertyOptional({
    type: [String],
    enum: COMPETENCE_LEVELS,
    minItems: 1,
    description: 'Only requests routed to an authority of these levels; absent: any',
  })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...COMPETENCE_LEVELS], { each: true })
  competences?: CompetenceLevel[];

  @ApiPropertyOptional({
    type: [String],
    enum: SERVICE_REQUEST_EVENT_TYPES,
    minItems: 1,
    description: 'Canonical event types; absent: all',
  })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...SERVICE_REQUEST_EVENT_TYPES], { each: true })
  eventTypes?: string[];
}
