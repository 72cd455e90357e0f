import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

export class AddCommentDto {
  @ApiProperty({ example: 'Équipe envoyée sur place jeudi.', minLength: 1, maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;

  @ApiPropertyOptional({ enum: ['public', 'internal'], default: 'public' })
  @MayBeOmitted()
  @IsIn(['public', 'internal'])
  visibility?: 'public' | 'internal';
}
