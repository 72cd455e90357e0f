import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { COMPETENCE_LEVELS } from '@maillage/connectors';
import { SERVICE_REQUEST_EVENT_TYPES } from '@maillage/domain';

/** The OpenAPI schema of a `Subscription` (libs/connectors). */
@ApiSchema({ name: 'Subscription' })
export class SubscriptionSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'departement:45' }) territory!: string;
  @ApiProperty({ type: [String], nullable: true, description: 'null: all' })
  categories!: string[] | null;
  @ApiProperty({
    type: [String],
    enum: COMPETENCE_LEVELS,
    nullable: true,
    description: 'null: any',
  })
  competences!: string[] | null;
  @ApiProperty({
    type: [String],
    enum: SERVICE_REQUEST_EVENT_TYPES,
    nullable: true,
    description: 'null: all',
  })
  eventTypes!: string[] | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ApiSchema({ name: 'SubscriptionAnswer' })
export class SubscriptionAnswerSchema {
  @ApiProperty({ type: SubscriptionSchema }) subscription!: SubscriptionSchema;
}

@ApiSchema({ name: 'SubscriptionList' })
export class SubscriptionListSchema {
  @ApiProperty({ type: [SubscriptionSchema] }) items!: SubscriptionSchema[];
}
