import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from '@maillage/domain';

export class SourceDto {
  @ApiProperty({
    description: "The request's id in the filing tool",
    example: 'GIEN-2026-000123',
    maxLength: 200,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'externalId must be printable ASCII without spaces' })
  externalId!: string;
}

export class CoordinatesDto {
  @ApiProperty({ example: 47.6877 }) @IsLatitude() lat!: number;
  @ApiProperty({ example: 2.6309 }) @IsLongitude() lon!: number;
}

export class LocationDto {
  @ApiProperty({ description: 'INSEE code of the commune where the problem is', example: '45155' })
  @IsString()
  @Matches(/^(\d{5}|2[AB]\d{3})$/, {
    message: 'inseeCode must be a 5-character INSEE commune code',
  })
  inseeCode!: string;

  @ApiPropertyOptional({ example: 'Route départementale 940, 45500 Gien', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ type: CoordinatesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CoordinatesDto)
  coordinates?: CoordinatesDto;
}

/** The citizen's contact: personal data, stored apart and encrypted per citizen. */
export class CitizenDto {
  @ApiPropertyOptional({ example: 'Camille Martin', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'camille.martin@example.org' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+33 6 12 34 56 78' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ().-]{6,30}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: '3 rue de la Paix, 45500 Gien', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class AttachmentDto {
  @ApiProperty({ example: 'https://grc.gien.fr/pieces/123.jpg' })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.+-]+\/[\w.+-]+$/)
  mediaType?: string;

  @ApiPropertyOptional({ example: 'photo.jpg' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

/** A request filed in canonical JSON (see the README's walk-through). */
export class FileRequestDto {
  @ApiProperty({ type: SourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SourceDto)
  source!: SourceDto;

  @ApiProperty({ enum: CHANNELS, example: 'counter' })
  @IsIn([...CHANNELS])
  channel!: Channel;

  @ApiProperty({ description: 'Canonical category code', example: 'roads.departmental' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+){0,4}$/, {
    message: 'category must be a dotted lower-case code like roads.departmental',
  })
  category!: string;

  @ApiProperty({ example: 'Nid-de-poule dangereux devant le n° 12', maxLength: 10000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  description!: string;

  @ApiProperty({ type: LocationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location!: LocationDto;

  @ApiPropertyOptional({ type: CitizenDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CitizenDto)
  citizen?: CitizenDto;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({
    description: 'When the citizen filed it at the source (ISO 8601 with offset)',
    example: '2026-11-29T09:15:00+01:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'filedAt must carry a time zone (Z or ±hh:mm)' })
  filedAt?: string;
}
