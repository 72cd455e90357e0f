/**
 * Personal data never reaches the logs, whatever path it comes in by: a hub logging at debug level
 * takes citizens' names, e-mail addresses, phone numbers and postal addresses through the
 * canonical API, each dialect's native ingest (commune, EPCI, département, Open311 as JSON and as a
 * form), bodies refused with 400 (whose answers must not echo them either), and a webhook that
 * fails until its message is dead-lettered and replayed. Everything written to the console and the
 * standard streams meanwhile is scanned for the fixtures. (The whole suite's logs are scanned
 * too, by test/global-teardown.ts; this test makes sure the most verbose level is among them.)
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { format } from 'node:util';
import request from 'supertest';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { personalDataDetectors } from '../log-scan/scan-logs';

const ADMIN = 'pii-admin-token-pii-admin-token-pii-admin-01';
const EXAMPLES = join(__dirname, '..', '..', 'schemas', 'dialects');

function example(dialect: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, dialect, 'examples', file), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** The lines of `text` that hold a fixture's personal data, with what they hold. */
function personalDataIn(text: string): string[] {
  const detectors = personalDataDetectors();
  return text
    .split(/\r?\n/)
    .flatMap((line) =>
      detectors.filter(({ pattern }) => pattern.test(line)).map(({ what }) => `${what}: ${line}`),
    );
}

describe('personal data in the logs of a hub at debug level', () => {
  let hub: TestHub;
  let receiver: Server;
  const webhookBodies: string[] = [];
  const keys: Record<string, string> = {};
  const spies: jest.SpyInstance[] = [];
  const http = () => request(hub.app.getHttpServer());
  const as = (connectorId: string) => ({ authorization: `Bearer ${keys[connectorId]!}` });
  const admin = { authorization: `Bearer ${ADMIN}` };

  /** Everything written since the hub was created: streams (Nest's logger) and console. */
  function capturedLogs(): string {
    return spies
      .flatMap((spy) =>
        spy.mock.calls.map((args: unknown[]) =>
          spy.getMockName() === 'stream'
            ? Buffer.isBuffer(args[0])
              ? args[0].toString('utf8')
              : String(args[0])
            : `${format(...args)}\n`,
        ),
      )
      .join('');
  }

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      spies.push(jest.spyOn(stream, 'write').mockName('stream'));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(jest.spyOn(console, method).mockName('console'));
    }
    // A receiver that fails every delivery, echoing what it got, as a careless one might.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        webhookBodies.push(body);
        res.writeHead(500, { 'content-type': 'application/json' }).end(body);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;

    hub = await createTestHub('sqlite', {
      LOG_LEVEL: 'debug',
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.02,0.02',
      MAILLAGE_WEBHOOK_TIMEOUT_MS: '1000',
      MAILLAGE_WEBHOOK_POLL_MS: '20',
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    });
    const register = async (id: string, authority: string, dialect: string, webhook = false) => {
      const created = await http()
        .post('/v1/connectors')
        .set(admin)
        .send({
          id,
          authority,
          name: id,
          dialect,
          ...(webhook
            ? { delivery: { kafka: false, webhook: { url: `http://127.0.0.1:${port}/hooks` } } }
            : {}),
        })
        .expect(201);
      keys[id] = (created.body as { apiKey: { key: string } }).apiKey.key;
    };
    await register('gien', 'commune:45155', 'commune-v1');
    await register('ccg', 'epci:244500211', 'epci-v1');
    // The département's tool is a target of Gien's road reports: its webhook carries the citizen.
    await register('loiret', 'departement:45', 'departement-v1', true);
    await register('gien311', 'commune:45155', 'open311-v2');
    await http()
      .post('/v1/connectors/loiret/webhook-secrets')
      .set(admin)
      .send({ scheme: 'hmac-sha256' })
      .expect(201);
  }, 30_000);

  afterAll(async () => {
    await hub?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    for (const spy of spies) spy.mockRestore();
  });

  it('files through the canonical API and every dialect', async () => {
    await http()
      .post('/v1/requests')
      .set({ ...as('gien'), 'maillage-authority': 'commune:45155' })
      .send({
        source: { externalId: 'GIEN-PII-1' },
        channel: 'counter',
        category: 'roads.departmental',
        description: 'Nid-de-poule dangereux sur la RD 940',
        location: { inseeCode: '45155', address: 'RD 940, 45500 Gien' },
        citizen: {
          name: 'Jeanne Lefèvre-Dupont',
          email: 'jeanne.lefevre@example.fr',
          phone: '+33 6 12 34 56 78',
          address: '12 rue de la Bûcherie, 45500 Gien',
        },
      })
      .expect(201);
    const native = [
      ['gien', example('commune-v1', 'filing-demande.json')],
      ['ccg', example('epci-v1', 'filing-ticket-created.json')],
      ['loiret', example('departement-v1', 'filing-demande-creation.json')],
    ] as const;
    for (const [connector, body] of native) {
      await http()
        .post(`/v1/connectors/${connector}/requests`)
        .set(as(connector))
        .send(body)
        .expect(201);
    }
    await http()
      .post('/open311/v2/gien311/requests.json')
      .send({ ...example('open311-v2', 'filing-post-request.json'), api_key: keys['gien311'] })
      .expect(201);
    await http()
      .post('/open311/v2/gien311/requests.json')
      .type('form')
      .send({
        api_key: keys['gien311']!,
        service_code: 'roads.municipal',
        description: 'Trou dans la chaussée devant le 8 quai de Nice.',
        lat: '47.6848',
        long: '2.6301',
        email: 'sam.durand@example.org',
        first_name: 'Sam',
        last_name: 'Durand',
        phone: '0611223344',
      })
      .expect(201);
    // The target reads it back, personal data included: that is an answer, not a log.
    const feed = await http().get('/v1/connectors/loiret/feed').set(as('loiret')).expect(200);
    expect(JSON.stringify(feed.body)).toContain('camille.martin@example.org');
  });

  it('refuses bad bodies carrying personal data with 400s that do not echo it', async () => {
    const commune = example('commune-v1', 'filing-demande.json');
    const epci = example('epci-v1', 'filing-ticket-created.json');
    const ticket = epci['ticket'] as Record<string, unknown>;
    const refused = [
      http()
        .post('/v1/requests')
        .set({ ...as('gien'), 'maillage-authority': 'commune:45155' })
        .send({
          source: { externalId: 'GIEN-PII-2' },
          channel: 'counter',
          category: 'roads.departmental',
          description: 'x',
          location: { inseeCode: '45155' },
          citizen: {
            name: 'Camille Martin',
            email: 'Camille Martin, camille.martin@example.org',
            phone: 'Camille Martin +33 6 12 34 56 78',
            nir: '2 85 05 45 155 001 42 Camille Martin',
          },
        }),
      http()
        .post('/v1/connectors/gien/requests')
        .set(as('gien'))
        .send({
          ...commune,
          numeroDemande: 'GIEN-PII-3',
          demandeur: { nom: 'Camille Martin', courriel: 'Camille Martin 06 12 34 56 78' },
        }),
      http()
        .post('/v1/connectors/ccg/requests')
        .set(as('ccg'))
        .send({
          ...epci,
          ticket: {
            ...ticket,
            id: 'CCG-2026-000999',
            reporter: {
              full_name: 'Dominique Petit',
              phone: 'Dominique Petit, d.petit@example.org',
            },
          },
        }),
      http()
        .post('/v1/connectors/loiret/requests')
        .set(as('loiret'))
        .send({
          ...example('departement-v1', 'filing-demande-creation.json'),
          ID_DEMANDE: 'D45-2026-0000999',
          EMAIL_USAGER: 'Alex Bernard <alex.bernard@example.org>',
        }),
      http()
        .post('/open311/v2/gien311/requests.json')
        .send({
          ...example('open311-v2', 'filing-post-request.json'),
          api_key: keys['gien311'],
          email: 'Sam Durand sam.durand@example.org',
        }),
      http()
        .post('/v1/requests')
        .set({ ...as('gien'), 'content-type': 'application/json' })
        .send('{"citizen":{"name":"Camille Martin","email":"camille.martin@example.org"'),
    ];
    for (const response of await Promise.all(refused)) {
      expect(response.status).toBe(400);
      expect(personalDataIn(response.text)).toEqual([]);
    }
  });

  it('dead-letters a failing webhook and replays it', async () => {
    const deadLetters = async () =>
      (
        (await http().get('/v1/connectors/loiret/webhook-dead-letters').set(admin).expect(200))
          .body as { items: { deadLetterId: string }[] }
      ).items;
    const deadline = Date.now() + 20_000;
    while ((await deadLetters()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [letter] = await deadLetters();
    expect(letter).toBeDefined();
    // The receiver does get the citizen's data, in the message's body: that is delivery, not a
    // log. Messages come in log order, and the first dead letter may be another request's.
    const delivered = () =>
      webhookBodies.some((body) => body.includes('camille.martin@example.org'));
    while (!delivered() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(delivered()).toBe(true);
    await http()
      .post(`/v1/connectors/loiret/webhook-dead-letters/${letter!.deadLetterId}/replay`)
      .set(admin)
      .expect(502);
  });

  it('wrote none of it to a log line, at any level', () => {
    const logs = capturedLogs();
    // The capture saw the hub's logger at its most verbose, and the dead letter being logged.
    expect(logs).toContain('Mapped {/v1/requests, POST}');
    expect(logs).toContain('dead-lettered');
    expect(personalDataIn(logs)).toEqual([]);
  });
});
