import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';

/** `POST /v1/retention/approvals`: the archives service's approval of disposals. */
export class ApproveDisposalDto {
  @ApiProperty({
    description:
      'Who approves for the archives service: a role and service (recorded in the approval event).',
    example: 'Directeur des Archives départementales du Loiret',
    maxLength: 200,
  })
  @IsString()
  @Matches(/\S/, { message: 'approver must not be blank' })
  @MaxLength(200)
  approver!: string;

  @ApiProperty({
    description:
      "The archives service's reference of its approval (visa d'élimination), recorded in the approval event.",
    example: 'AD45-VISA-2031-0117',
    maxLength: 200,
  })
  @IsString()
  @Matches(/\S/, { message: 'archivesReference must not be blank' })
  @MaxLength(200)
  archivesReference!: string;

  @ApiProperty({
    description:
      'The requests approved for disposal, as listed by GET /v1/retention/due. Every one must be due: otherwise nothing is recorded.',
    type: [String],
    example: ['4f1c2a8e-6b3d-8a9e-b1c2-d3e4f5a6b7c8'],
    minItems: 1,
    maxItems: 500,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    each: true,
    message: 'each request id must be a lowercase UUID',
  })
  requestIds!: string[];
}
