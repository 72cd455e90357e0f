import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** Printable ASCII without spaces: what a tool's reference is made of. */
const PRINTABLE_ID = /^[\x21-\x7e]+$/;

export class AcknowledgeDto {
  @ApiProperty({
    description: "The request's id in the acknowledging tool",
    example: 'CD45-RD-2026-0042',
    minLength: 1,
    maxLength: 200,
    pattern: PRINTABLE_ID.source,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(PRINTABLE_ID, {
    message: 'externalReference must be printable ASCII without spaces',
  })
  externalReference!: string;
}
