/**
 * Fuzz of every canonical operation with a body (issue 8): from the OpenAPI document's schemas,
 * FUZZ_RUNS valid and FUZZ_RUNS invalid bodies each. No 5xx, every answer as documented, every
 * invalid body a 4xx naming its field, and nothing recorded for it. See README, "Tests".
 */
import fc from 'fast-check';
import { ADMIN_TOKEN, type FuzzHub, startFuzzHub } from './support/fuzz-hub';
import { type FuzzedOperation, fuzzInvalid, fuzzValid } from './support/fuzz-operation';
import type { JsonSchema } from './support/json-schema';
import type { GenerationContext } from './support/valid-arbitrary';

const GIEN = 'commune:45155';
const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`));
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/), fc.constantFrom('fuzz.fr', 'exemple.org'))
  .map(([local, domain]) => `${local}@${domain}`);
const https = fc.stringMatching(/^[a-z0-9]{1,12}$/).map((path) => `https://grc.exemple.fr/${path}`);
const isoTime = fc
  .date({ min: new Date('2024-01-01'), max: new Date('2026-01-01'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** The commands on a request, by the last segment of their path. */
const COMMANDS = ['status', 'comments', 'acknowledgements', 'transfer', 'close', 'reopen'];

describe(`fuzz of the canonical API (FUZZ_SEED=${process.env['FUZZ_SEED'] ?? 'default'})`, () => {
  let fuzz: FuzzHub;
  let gien: Record<string, string>;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  /**
   * By command: the request its next call works on, filed by Gien for itself (état civil), so
   * that Gien may change, comment, close… it. An accepted command moves it on (acknowledged,
   * transferred away, closed), so it is replaced by a fresh one: each valid body meets the state
   * it was made for, rather than 992 of 1 000 meeting a 409.
   */
  const current = new Map<string, string>();
  let filings = 0;
  const fileForGien = async (closed: boolean): Promise<string> => {
    const filed = await fuzz.send('POST', '/v1/requests', gien, {
      source: { externalId: `FUZZ-${(filings += 1)}` },
      channel: 'web',
      category: 'civil_status.birth_certificate',
      description: 'Acte de naissance',
      location: { inseeCode: '45155' },
    });
    expect(filed.status).toBe(201);
    const { id } = filed.body as { id: string };
    if (closed) {
      const close = await fuzz.send('POST', `/v1/requests/${id}/close`, gien, {
        outcome: 'resolved',
      });
      expect(close.status).toBe(200);
    }
    return id;
  };
  const schema = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
  const context = (paths: GenerationContext['paths'] = {}): GenerationContext => ({
    root: fuzz.document,
    paths,
  });

  beforeAll(async () => {
    fuzz = await startFuzzHub();
    gien = await fuzz.hub.keyFor('gien-grc', ['ingest', 'subscribe']);
    for (const path of COMMANDS) current.set(path, await fileForGien(path === 'reopen'));
    await fuzz.send('POST', '/v1/connectors', admin, {
      id: 'fuzz-target',
      authority: 'commune:45001',
      name: 'Cible du fuzz',
      dialect: 'commune-v1',
    });
    // Webhook secrets need a webhook; the PATCH fuzz changes fuzz-target's, so a connector apart.
    await fuzz.send('POST', '/v1/connectors', admin, {
      id: 'fuzz-hooks',
      authority: 'commune:45004',
      name: 'Webhooks du fuzz',
      dialect: 'commune-v1',
      delivery: { webhook: { url: 'http://127.0.0.1/fuzz' } },
    });
  }, 60_000);
  afterAll(async () => {
    await fuzz.close();
  });

  const command = (
    path: string,
    dto: string,
    paths: GenerationContext['paths'] = {},
  ): FuzzedOperation => ({
    method: 'POST',
    template: `/v1/requests/{id}/${path}`,
    url: () => `/v1/requests/${current.get(path)!}/${path}`,
    headers: () => gien,
    get body() {
      return schema(dto);
    },
    get context() {
      return context(paths);
    },
    minAccepted: 0.05,
    afterAccepted: async () => {
      current.set(path, await fileForGien(path === 'reopen'));
    },
  });
  let connectorIds = 0;

  const operations: (() => FuzzedOperation)[] = [
    () => ({
      method: 'POST',
      template: '/v1/requests',
      url: () => '/v1/requests',
      headers: () => gien,
      body: schema('FileRequestDto'),
      context: context({
        '/source/externalId': printable(50),
        '/category': fc.constantFrom(
          'civil_status.birth_certificate',
          'roads.departmental',
          'waste.collection',
        ),
        '/location/inseeCode': fc.constant('45155'),
        '/citizen/email': email,
        '/citizen/phone': fc.stringMatching(/^\+33 [1-9]( \d\d){4}$/),
        '/attachments/*/url': https,
        '/attachments/*/mediaType': fc.constantFrom('image/jpeg', 'application/pdf'),
        '/filedAt': isoTime,
      }),
      minAccepted: 0.5,
    }),
    () => command('status', 'ChangeStatusDto'),
    () => command('comments', 'AddCommentDto'),
    () => command('acknowledgements', 'AcknowledgeDto', { '/externalReference': printable(50) }),
    () =>
      command('transfer', 'TransferDto', {
        '/to': fc.constantFrom(['epci:244500211'], ['departement:45'], ['commune:45001']),
      }),
    () => command('close', 'CloseDto'),
    () => command('reopen', 'ReopenDto'),
    () => ({
      method: 'POST',
      template: '/v1/subscriptions',
      url: () => '/v1/subscriptions',
      headers: () => gien,
      body: schema('CreateSubscriptionDto'),
      context: context({
        '/territory': fc.constant(GIEN),
        // Codes or whole-segment prefixes of the taxonomy: the schema cannot say which exist.
        '/categories/*': fc.constantFrom('roads', 'waste.collection', 'civil_status', 'water'),
      }),
      minAccepted: 0.5,
      // At most 20 per connector: each is removed again, so that every valid body can be taken.
      afterAccepted: async ({ body }) => {
        const { id } = (body as { subscription: { id: string } }).subscription;
        const removed = await fuzz.send('DELETE', `/v1/subscriptions/${id}`, gien);
        expect(removed.status).toBe(204);
      },
    }),
    () => ({
      method: 'POST',
      template: '/v1/connectors',
      url: () => '/v1/connectors',
      headers: () => admin,
      body: schema('CreateConnectorDto'),
      context: context({
        '/id': fc.constant(null).map(() => `fuzz-${(connectorIds += 1)}`),
        '/authority': fc.constantFrom('commune:45001', 'commune:45004', 'epci:244500211'),
        '/timeZone': fc.constantFrom('Europe/Paris', 'America/Cayenne', 'UTC'),
        '/defaultInseeCode': fc.constant('45001'),
        '/delivery/webhook/url': fc.constant('http://127.0.0.1/fuzz'),
      }),
      minAccepted: 0.5,
    }),
    () => ({
      method: 'PATCH',
      template: '/v1/connectors/{connectorId}',
      url: () => '/v1/connectors/fuzz-target',
      headers: () => admin,
      body: schema('UpdateConnectorDto'),
      context: context({
        '/timeZone': fc.constantFrom('Europe/Paris', 'America/Cayenne', 'UTC'),
        '/defaultInseeCode': fc.constant('45001'),
        '/delivery/webhook/url': fc.constant('http://127.0.0.1/fuzz'),
      }),
      minAccepted: 0.5,
    }),
    () => ({
      method: 'POST',
      template: '/v1/connectors/{connectorId}/keys',
      url: () => '/v1/connectors/fuzz-target/keys',
      headers: () => admin,
      body: schema('IssueKeyDto'),
      context: context(),
      minAccepted: 0.5,
    }),
    () => ({
      method: 'POST',
      template: '/v1/connectors/{connectorId}/webhook-secrets',
      url: () => '/v1/connectors/fuzz-hooks/webhook-secrets',
      headers: () => admin,
      body: schema('IssueWebhookSecretDto'),
      context: context(),
      minAccepted: 0.5,
      // At most two live secrets: each is revoked again.
      afterAccepted: async ({ body }) => {
        const { secretId } = (body as { webhookSecret: { secretId: string } }).webhookSecret;
        const url = `/v1/connectors/fuzz-hooks/webhook-secrets/${secretId}`;
        expect((await fuzz.send('DELETE', url, admin)).status).toBe(204);
      },
    }),
    () => ({
      method: 'POST',
      template: '/v1/citizens/erasure',
      url: () => '/v1/citizens/erasure',
      headers: () => admin,
      body: schema('EraseCitizenDto'),
      context: context({ '/contact': email }),
      // Unknown citizens: a documented 404, or 200 with nothing to erase.
      minAccepted: 0,
    }),
  ];

  describe.each(operations.map((make, index) => [index, make] as const))(
    'operation %i',
    (_, make) => {
      it('answers valid bodies as documented, never 5xx', async () => {
        await fuzzValid(fuzz, make());
      }, 600_000);
      it('refuses invalid bodies with a documented 4xx naming the field, recording nothing', async () => {
        await fuzzInvalid(fuzz, make());
      }, 600_000);
    },
  );
});
