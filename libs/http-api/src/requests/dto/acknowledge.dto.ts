import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class AcknowledgeDto {
  @ApiProperty({
    description: "The request's id in the acknowledging tool",
    example: 'CD45-RD-2026-0042',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, {
    message: 'externalReference must be printable ASCII without spaces',
  })
  externalReference!: string;
}
