import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { createTestHub, type TestHub } from '../testing/test-hub';
import { buildOpenApiDocument } from './open-api';

describe('OpenAPI document', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub('sqlite');
  });
  afterAll(async () => {
    await hub.close();
  });

  it('documents every operation of the API, its headers and its problem answers', () => {
    const document = buildOpenApiDocument(hub.app);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
      '/open311/v2/{connectorId}/requests.json',
      '/open311/v2/{connectorId}/requests/{id}.json',
      '/open311/v2/{connectorId}/services.json',
      '/v1/audit/authorities/{authority}/as-of',
      '/v1/audit/authorities/{authority}/history',
      '/v1/audit/checkpoints',
      '/v1/audit/checkpoints/{position}/proof/{eventId}',
      '/v1/audit/history',
      '/v1/audit/requests/{id}/as-of',
      '/v1/audit/requests/{id}/history',
      '/v1/audit/verify',
      '/v1/citizens/erasure',
      '/v1/connectors',
      '/v1/connectors/{connectorId}',
      '/v1/connectors/{connectorId}/feed',
      '/v1/connectors/{connectorId}/keys',
      '/v1/connectors/{connectorId}/keys/{keyId}',
      '/v1/connectors/{connectorId}/requests',
      '/v1/connectors/{connectorId}/requests/{reference}/status',
      '/v1/connectors/{connectorId}/webhook-dead-letters',
      '/v1/connectors/{connectorId}/webhook-dead-letters/{deadLetterId}/replay',
      '/v1/connectors/{connectorId}/webhook-secrets',
      '/v1/connectors/{connectorId}/webhook-secrets/{secretId}',
      '/v1/dead-letters',
      '/v1/dead-letters/{id}',
      '/v1/dead-letters/{id}/replay',
      '/v1/feeds/{subscriptionId}',
      '/v1/requests',
      '/v1/requests/{id}',
      '/v1/requests/{id}/acknowledgements',
      '/v1/requests/{id}/close',
      '/v1/requests/{id}/comments',
      '/v1/requests/{id}/events',
      '/v1/requests/{id}/personal-data',
      '/v1/requests/{id}/reopen',
      '/v1/requests/{id}/status',
      '/v1/requests/{id}/transfer',
      '/v1/retention/approvals',
      '/v1/retention/due',
      '/v1/subscriptions',
      '/v1/subscriptions/{subscriptionId}',
    ]);
    const file = document.paths['/v1/requests']!.post!;
    expect(file.parameters?.map((p) => ('name' in p ? p.name : ''))).toEqual(
      expect.arrayContaining(['Maillage-Authority', 'Idempotency-Key']),
    );
    expect(Object.keys(file.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '413']),
    );
    expect(file.security).toEqual([{ bearer: [] }]);
    const ingest = document.paths['/v1/connectors/{connectorId}/requests']!.post!;
    expect(Object.keys(ingest.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403']),
    );
    expect(ingest.security).toEqual([{ bearer: [] }]);
    // The claim check of the Kafka out-topics: documented with its schema.
    const personal = document.paths['/v1/requests/{id}/personal-data']!.get!;
    expect(Object.keys(personal.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(JSON.stringify(personal.responses['200'])).toContain('"erased"');
  });

  /** Every operation of the document, with its path and method. */
  const operationsOf = (document: OpenAPIObject) =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) =>
        item[method] ? [{ path, method, operation: item[method] }] : [],
      ),
    );

  it('declares every error answer as RFC 9457 problem details, Open311 as GeoReport errors', () => {
    const document = buildOpenApiDocument(hub.app);
    const problem = document.components?.schemas?.['ProblemDetails'] as SchemaObject;
    expect(problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code', 'retriable']),
    );
    expect(Object.keys(problem.properties ?? {})).toEqual(
      expect.arrayContaining(['field', 'errors']),
    );
    for (const { path, method, operation } of operationsOf(document)) {
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const content = (answer as ResponseObject).content ?? {};
        const where = `${method.toUpperCase()} ${path} ${status}`;
        // The rate limit answers before any route, as a problem, on Open311 routes too.
        if (path.startsWith('/open311/') && method === 'post' && status !== '429') {
          expect([where, Object.keys(content)]).toEqual([where, ['application/json']]);
          expect(JSON.stringify(content)).toContain('"description"');
        } else if (path.startsWith('/v1/')) {
          expect([where, content['application/problem+json']?.schema]).toEqual([
            where,
            { $ref: '#/components/schemas/ProblemDetails' },
          ]);
        }
      }
    }
    const open311 = document.paths['/open311/v2/{connectorId}/requests.json']!.post!;
    expect(Object.keys(open311.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '413', '415']),
    );
  });

  it('declares the success status and schema of each command, and 400/413/415 with a body', () => {
    const document = buildOpenApiDocument(hub.app);
    const answer = (path: string, method: 'post' | 'patch', status: string) =>
      JSON.stringify(document.paths[path]![method]!.responses[status]);
    for (const command of [
      'status',
      'comments',
      'acknowledgements',
      'transfer',
      'close',
      'reopen',
    ]) {
      const path = `/v1/requests/{id}/${command}`;
      expect([path, answer(path, 'post', '200')]).toEqual([
        path,
        expect.stringContaining('#/components/schemas/CommandResponse'),
      ]);
      expect(document.paths[path]!.post!.responses['201']).toBeUndefined();
    }
    expect(answer('/v1/requests', 'post', '201')).toContain('CommandResponse');
    expect(answer('/v1/connectors/{connectorId}', 'patch', '200')).toContain('ConnectorAnswer');
    expect(answer('/v1/connectors', 'post', '201')).toContain('ConnectorRegistered');
    expect(answer('/v1/connectors/{connectorId}/keys', 'post', '201')).toContain('KeyIssued');
    expect(answer('/v1/connectors/{connectorId}/webhook-secrets', 'post', '201')).toContain(
      'WebhookSecretIssued',
    );
    expect(answer('/v1/subscriptions', 'post', '201')).toContain('SubscriptionAnswer');
    expect(answer('/v1/citizens/erasure', 'post', '200')).toContain('ErasureReport');
    for (const { path, method, operation } of operationsOf(document)) {
      if (!operation.requestBody) continue;
      expect([method, path, Object.keys(operation.responses)]).toEqual([
        method,
        path,
        expect.arrayContaining(['400', '413', '415']),
      ]);
    }
  });

  it('states in the DTO schemas the constraints the validation pipe enforces', () => {
    const schemas = buildOpenApiDocument(hub.app).components!.schemas! as Record<
      string,
      SchemaObject
    >;
    const property = (dto: string, name: string) => schemas[dto]!.properties![name] as SchemaObject;
    // Unknown fields are refused (forbidNonWhitelisted): every body DTO is closed.
    for (const dto of ['FileRequestDto', 'LocationDto', 'CitizenDto', 'CreateConnectorDto']) {
      expect([dto, schemas[dto]!.additionalProperties]).toEqual([dto, false]);
    }
    expect(new RegExp(property('LocationDto', 'inseeCode').pattern!).test('2A004')).toBe(true);
    expect(new RegExp(property('LocationDto', 'inseeCode').pattern!).test('4515')).toBe(false);
    expect(property('CitizenDto', 'email').format).toBe('email');
    expect(property('FileRequestDto', 'channel').enum).toContain('counter');
    expect(property('CreateConnectorDto', 'defaultInseeCode').pattern).toBeDefined();
    // Optional but not nullable: null is refused (MayBeOmitted), and the document says so.
    expect(property('AddCommentDto', 'visibility').nullable).toBeUndefined();
  });
});
