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

export const AUTHORITY_ID_PATTERN =
  /^(commune:(\d{5}|2[AB]\d{3})|epci:\d{9}|departement:(\d{2,3}|2[AB]))$/;

export class TransferDto {
  @ApiProperty({ type: [String], example: ['epci:244500211'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(AUTHORITY_ID_PATTERN, {
    each: true,
    message:
      'each of to must be an authority id like commune:45155, epci:244500211 or departement:45',
  })
  to!: string[];

  @ApiProperty({ example: "La collecte des déchets relève de l'intercommunalité" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
