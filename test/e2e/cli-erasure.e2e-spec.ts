/**
 * `maillage erase` is composed like the hub's erasure: it redacts the webhook dead letters (the
 * hub's own copies of what it sent, contact included) and writes the erasure to the
 * security-event files, without personal data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { startTestReceiver, type TestReceiver } from '@maillage/delivery/testing';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import { runCli } from '../../apps/cli/src/cli';

const ADMIN = 'cli-erasure-admin-token-cli-erasure-admin-01';
const SECRET = 'test-secret-test-secret-test-secret-0123';
const EMAIL = 'maelys.roux@example.org';
const NAME = 'Maëlys Roux';

async function cli(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.resume();
  const code = await runCli(argv, { stdout, stderr, env });
  return { code, out };
}

describe('maillage erase (SQLite)', () => {
  let hub: TestHub;
  let receiver: TestReceiver;
  const http = () => request(hub.app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_WEBHOOK_RETRY_SCHEDULE: '0.05',
      MAILLAGE_WEBHOOK_TIMEOUT_MS: '300',
      MAILLAGE_WEBHOOK_POLL_MS: '50',
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    });
    receiver = await startTestReceiver(() => ({ status: 500 }));
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  it('redacts the dead letters and writes the erasure to the security log', async () => {
    await http()
      .post('/v1/connectors')
      .set(admin)
      .send({
        id: 'loiret-hook',
        authority: 'departement:45',
        name: 'Loiret',
        dialect: 'departement-v1',
        delivery: { kafka: false, webhook: { url: receiver.url } },
      })
      .expect(201);
    await http().post('/v1/connectors/loiret-hook/webhook-secrets').set(admin).send({}).expect(201);
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.as('commune:45155'))
      .send({
        source: { externalId: 'CLI-ERASE-1' },
        channel: 'web',
        category: 'roads.departmental',
        description: 'Nid-de-poule',
        location: { inseeCode: '45155' },
        citizen: { name: NAME, email: EMAIL },
      })
      .expect(201);
    const letters = async () =>
      (
        (await http().get('/v1/connectors/loiret-hook/webhook-dead-letters').set(admin).expect(200))
          .body as { items: { body: string }[] }
      ).items;
    const deadline = Date.now() + 20_000;
    while (!(await letters()).some((l) => l.body.includes(EMAIL)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await letters()).some((l) => l.body.includes(EMAIL))).toBe(true);
    const history = await http()
      .get(`/v1/requests/${(filed.body as { id: string }).id}/events`)
      .set(await hub.as('commune:45155'))
      .expect(200);
    const subjectId = (history.body as { events: { personal: { subjectId: string } }[] }).events[0]!
      .personal.subjectId;

    const erased = await cli(
      [
        'erase',
        '--subject',
        subjectId,
        '--legal-basis',
        'rgpd_art17_1a',
        '--requester',
        'DPO de la mairie de Gien',
      ],
      { MAILLAGE_DATA_DIR: hub.config.dataDir, MAILLAGE_HUB_SECRET: SECRET },
    );
    expect(erased.code).toBe(0);
    const report = JSON.parse(erased.out) as { counts: { copiesRedacted: number } };
    expect(report.counts.copiesRedacted).toBeGreaterThan(0);

    const after = await letters();
    expect(after.length).toBeGreaterThan(0);
    for (const letter of after) {
      expect(letter.body).not.toContain(EMAIL);
      expect(letter.body).not.toContain(NAME);
    }

    const logDir = hub.config.securityLog!.dir;
    const lines = readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('');
    expect(lines).toContain('"outcome":"erased"');
    expect(lines).toContain('"attempt":"maillage erase"');
    expect(lines).toContain(subjectId);
    expect(lines).not.toContain(EMAIL);
  });
});
