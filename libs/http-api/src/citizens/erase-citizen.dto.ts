import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ERASURE_LEGAL_BASES, type ErasureLegalBasis } from '@maillage/domain';
import { MayBeOmitted } from '../validation/may-be-omitted.decorator';

/** `POST /v1/citizens/erasure`: whose data (one of `subjectId`, `contact`), why, for whom. */
const SUBJECT_ID = /^[\x21-\x7e]{1,100}$/;

export class EraseCitizenDto {
  @ApiPropertyOptional({
    description:
      "The citizen's pseudonymous subject id (`personal.subjectId` in a request's history). Give this or `contact`.",
    example: 'b7e0f7a4-3c1d-8e2f-9a0b-1c2d3e4f5a6b',
    maxLength: 100,
    pattern: SUBJECT_ID.source,
  })
  @MayBeOmitted()
  @IsString()
  @Matches(SUBJECT_ID, { message: 'subjectId must be a subject id' })
  subjectId?: string;

  @ApiPropertyOptional({
    description:
      'The contact the citizen filed with — their e-mail address, or their phone number when they gave no e-mail — from which the hub derives their subject id. Used for that and never stored. Give this or `subjectId`.',
    example: 'camille.martin@example.org',
    minLength: 1,
    maxLength: 254,
  })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  contact?: string;

  @ApiProperty({
    enum: ERASURE_LEGAL_BASES,
    description:
      'RGPD art. 17(1) (a) to (f), or archives_disposal (retention period over, destruction approved by the archives service)',
    example: 'rgpd_art17_1b',
  })
  @IsIn([...ERASURE_LEGAL_BASES])
  legalBasis!: ErasureLegalBasis;

  @ApiProperty({
    description:
      "Who asks for the erasure: a service or role and a reference, recorded in the PersonalDataErased events and sent to every tool involved — never the citizen's own name or contact (refused).",
    example: 'DPO commune:45155, demande RGPD-2026-014',
    maxLength: 200,
    pattern: '\\S',
  })
  @IsString()
  @Matches(/\S/, { message: 'requester must not be blank' })
  @MaxLength(200)
  requester!: string;
}
