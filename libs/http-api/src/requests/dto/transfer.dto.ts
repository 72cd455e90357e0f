import { AUTHORITY_ID_PATTERN } from '@maillage/domain';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';

export class TransferDto {
  @ApiProperty({
    type: [String],
    example: ['epci:244500211'],
    minItems: 1,
    maxItems: 10,
    items: { type: 'string', pattern: AUTHORITY_ID_PATTERN.source },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(AUTHORITY_ID_PATTERN, {
    each: true,
    message:
      'each of to must be an authority id like commune:45155, epci:244500211 or departement:45',
  })
  to!: string[];

  @ApiProperty({
    example: "La collecte des déchets relève de l'intercommunalité",
    minLength: 1,
    maxLength: 2000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
