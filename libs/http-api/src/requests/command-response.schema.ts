import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** One event a command recorded, as its answer lists it. */
@ApiSchema({ name: 'RecordedEvent' })
export class RecordedEventSchema {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'StatusChanged' }) type!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'In its stream, from 0' })
  revision!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: "Position in the hub's global log" })
  position!: number;
}

/** The OpenAPI schema of `CommandResponse` (command-response.ts): what every command answers. */
@ApiSchema({ name: 'CommandResponse' })
export class CommandResponseSchema {
  @ApiProperty({ format: 'uuid', description: 'The request' }) id!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: "The request's revision after it" })
  revision!: number;
  @ApiProperty({ description: 'True when an Idempotency-Key repeat answered the first result' })
  replayed!: boolean;
  @ApiProperty({ type: [RecordedEventSchema] }) events!: RecordedEventSchema[];
}
