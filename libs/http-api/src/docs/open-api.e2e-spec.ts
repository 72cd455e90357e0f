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
});
