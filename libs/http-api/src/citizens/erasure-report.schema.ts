import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ERASURE_LEGAL_BASES } from '@maillage/domain';

@ApiSchema({ name: 'ErasedRequest' })
export class ErasedRequestSchema {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) eventsWithPersonalData!: number;
  @ApiProperty({ enum: ['recorded', 'already_recorded'] }) erasureEvent!: string;
}

@ApiSchema({ name: 'RedactedCopies' })
export class RedactedCopiesSchema {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) count!: number;
}

@ApiSchema({ name: 'ErasureCounts' })
export class ErasureCountsSchema {
  @ApiProperty({ type: 'integer', minimum: 0 }) requests!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) eventsWithPersonalData!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) erasureEventsRecorded!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) copiesRedacted!: number;
}

/** The OpenAPI schema of an `ErasureReport` (libs/service-requests): what an erasure did. */
@ApiSchema({ name: 'ErasureReport' })
export class ErasureReportSchema {
  @ApiProperty() subjectId!: string;
  @ApiProperty() erasureId!: string;
  @ApiProperty({ format: 'date-time' }) erasedAt!: string;
  @ApiProperty({ enum: ERASURE_LEGAL_BASES }) legalBasis!: string;
  @ApiProperty() requester!: string;
  @ApiProperty({ description: 'False when it was already erased' }) keyDestroyed!: boolean;
  @ApiProperty({ type: [ErasedRequestSchema] }) requests!: ErasedRequestSchema[];
  @ApiProperty({ type: [RedactedCopiesSchema] }) redacted!: RedactedCopiesSchema[];
  @ApiProperty({ type: ErasureCountsSchema }) counts!: ErasureCountsSchema;
}
