import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '@maillage/connectors';
import { MayBeOmitted } from '../../validation/may-be-omitted.decorator';

export class IssueKeyDto {
  @ApiPropertyOptional({
    type: [String],
    enum: API_KEY_SCOPES,
    default: ['ingest', 'subscribe'],
    minItems: 1,
    maxItems: API_KEY_SCOPES.length,
    uniqueItems: true,
    description:
      'ingest: file and update requests; subscribe: read its requests, feed and subscriptions; audit: the audit API for its authority; admin: its own webhook secrets and dead letters',
  })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @ArrayUnique()
  @IsIn([...API_KEY_SCOPES], { each: true })
  scopes?: ApiKeyScope[];
}
