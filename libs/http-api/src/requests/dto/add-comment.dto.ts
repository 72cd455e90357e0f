import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class AddCommentDto {
  @ApiProperty({ example: 'Équipe envoyée sur place jeudi.', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;

  @ApiPropertyOptional({ enum: ['public', 'internal'], default: 'public' })
  @IsOptional()
  @IsIn(['public', 'internal'])
  visibility?: 'public' | 'internal';
}
