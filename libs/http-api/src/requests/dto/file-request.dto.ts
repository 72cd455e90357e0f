import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from '@maillage/domain';
import { INSEE_CODE } from '../../validation/insee-code';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

/** Printable ASCII without spaces: what a tool's reference is made of. */
const PRINTABLE_ID = /^[\x21-\x7e]+$/;
const PHONE = /^\+?[0-9 ().-]{6,30}$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const CATEGORY_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+){0,4}$/;

export class SourceDto {
  @ApiProperty({
    description: "The request's id in the filing tool",
    example: 'GIEN-2026-000123',
    minLength: 1,
    maxLength: 200,
    pattern: PRINTABLE_ID.source,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(PRINTABLE_ID, { message: 'externalId must be printable ASCII without spaces' })
  externalId!: string;
}

/**
 * WGS 84 degrees. Checked as numbers: `IsLatitude` reads the number's text, and so refused
 * valid values written with an exponent (`1e-7`), and took strings the document does not allow.
 */
export class CoordinatesDto {
  @ApiProperty({ example: 47.6877, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @ApiProperty({ example: 2.6309, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;
}

export class LocationDto {
  @ApiProperty({
    description: 'INSEE code of the commune where the problem is',
    example: '45155',
    pattern: INSEE_CODE.source,
  })
  @IsString()
  @Matches(INSEE_CODE, {
    message: 'inseeCode must be a 5-character INSEE commune code',
  })
  inseeCode!: string;

  @ApiPropertyOptional({ example: 'Route départementale 940, 45500 Gien', maxLength: 500 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ type: CoordinatesDto })
  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => CoordinatesDto)
  coordinates?: CoordinatesDto;
}

/** The citizen's contact: personal data, stored apart and encrypted per citizen. */
export class CitizenDto {
  @ApiPropertyOptional({ example: 'Camille Martin', maxLength: 200 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: 'camille.martin@example.org',
    format: 'email',
    maxLength: 254,
  })
  @MayBeOmitted()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+33 6 12 34 56 78', pattern: PHONE.source })
  @MayBeOmitted()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: '3 rue de la Paix, 45500 Gien', maxLength: 500 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class AttachmentDto {
  @ApiProperty({
    example: 'https://grc.gien.fr/pieces/123.jpg',
    format: 'uri',
    maxLength: 2000,
    description: 'http:// or https:// only',
  })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'image/jpeg', pattern: MEDIA_TYPE.source })
  @MayBeOmitted()
  @IsString()
  @Matches(MEDIA_TYPE, { message: 'mediaType must be a media type like image/jpeg' })
  mediaType?: string;

  @ApiPropertyOptional({ example: 'photo.jpg', maxLength: 255 })
  @MayBeOmitted()
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

  @ApiProperty({
    description: 'Canonical category code',
    example: 'roads.departmental',
    pattern: CATEGORY_CODE.source,
  })
  @IsString()
  @Matches(CATEGORY_CODE, {
    message: 'category must be a dotted lower-case code like roads.departmental',
  })
  category!: string;

  @ApiProperty({
    example: 'Nid-de-poule dangereux devant le n° 12',
    minLength: 1,
    maxLength: 10000,
  })
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
  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => CitizenDto)
  citizen?: CitizenDto;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 20 })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(20)
  // ValidateNested alone walks into an array item as if it were an object: `[[]]` would pass.
  @IsObject({ each: true, message: 'each of attachments must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({
    description: 'When the citizen filed it at the source (ISO 8601 with offset)',
    example: '2026-11-29T09:15:00+01:00',
    format: 'date-time',
  })
  @MayBeOmitted()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'filedAt must carry a time zone (Z or ±hh:mm)' })
  filedAt?: string;
}
