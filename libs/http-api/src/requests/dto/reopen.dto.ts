import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReopenDto {
  @ApiProperty({ example: 'Le nid-de-poule est réapparu' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
