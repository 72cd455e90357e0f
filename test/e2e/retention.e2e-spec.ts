import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import type { EventStore } from '@maillage/event-store';
import {
  createTestHub,
  describeWithPostgres,
  TEST_DATABASE_URL,
  type TestHub,
} from '@maillage/http-api/testing';
import { DataKeys } from '@maillage/personal-data';
import { RAW_EVENT_STORE, RETENTION_APPROVALS_STREAM } from '@maillage/service-requests';
import { runCli } from '../../apps/cli/src/cli';

/*
 * Retention under archives rules, on each store: a citizen files two requests; one is closed and
 * outlives its period (the hub clock is moved past it), the other stays open. The due list names
 * the closed one and destroys nothing; an approval of a request not due is refused and records
 * nothing; the archives service's approval records its event, then that request's keys go —
 * its history reads [effacé] — while the citizen's other request stays readable, and the audit
 * chain still verifies.
 */

const ADMIN = 'retention-e2e-admin-token-retention-e2e-admin-01';
const SECRET = 'test-secret-test-secret-test-secret-0123';
const EMAIL = 'lou.garnier@example.org';
const NAME = 'Lou Garnier';
const YEAR_MS = 365 * 24 * 3600 * 1000;

const POLICY = {
  version: '2031-01-01.1',
  periodStartsAt: 'closure',
  default: { retention: 'P2Y', disposition: 'destroy' },
  rules: [{ category: 'civil_status', retention: 'P1Y', disposition: 'archive' }],
};

async function cli(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, { stdout, stderr, env });
  return { code, out, err };
}

function retentionSuite(store: 'sqlite' | 'postgres'): void {
  let hub: TestHub;
  let dir: string;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const admin = { authorization: `Bearer ${ADMIN}` };
  const http = () => request(hub.app.getHttpServer());
  const ids: { closed: string; open: string } = { closed: '', open: '' };
  let subjectId = '';

  const cliEnv = (): Record<string, string> => ({
    MAILLAGE_DATA_DIR: hub.config.dataDir,
    MAILLAGE_HUB_SECRET: SECRET,
    MAILLAGE_RETENTION_POLICY: join(dir, 'policy.json'),
    ...(hub.config.eventStore.kind === 'postgres'
      ? {
          MAILLAGE_EVENT_STORE: 'postgres',
          DATABASE_URL: TEST_DATABASE_URL,
          MAILLAGE_PG_SCHEMA: hub.config.eventStore.schema,
        }
      : {}),
  });
  const historyOf = async (requestId: string) =>
    (
      (
        await http()
          .get(`/v1/requests/${requestId}/events`)
          .set(await hub.as('commune:45155'))
          .expect(200)
      ).body as { events: { type: string; data: Record<string, unknown>; personal: unknown }[] }
    ).events;
  const approvals = () =>
    hub.app.get<EventStore>(RAW_EVENT_STORE).readStream(RETENTION_APPROVALS_STREAM);
  /** Files a request at Gien's counter for the same citizen; answers its id. */
  const fileAtGien = async (externalId: string, category: string): Promise<string> => {
    const filed = await http()
      .post('/v1/requests')
      .set(await hub.as('commune:45155'))
      .send({
        source: { externalId },
        channel: 'counter',
        category,
        description: 'Demande déposée en mairie',
        location: { inseeCode: '45155' },
        citizen: { name: NAME, email: EMAIL },
      })
      .expect(201);
    return (filed.body as { id: string }).id;
  };
  const liveKeys = () => hub.app.get(DataKeys).liveKeys(subjectId);
  const due = async () =>
    (await http().get('/v1/retention/due').set(admin).expect(200)).body as {
      policyVersion: string;
      items: { requestId: string; disposition: string; dueAt: string }[];
    };
  const approve = (requestIds: string[]) =>
    http().post('/v1/retention/approvals').set(admin).send({
      approver: 'Directrice des Archives du Loiret',
      archivesReference: 'AD45-VISA-0117',
      requestIds,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-retention-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(POLICY));
    hub = await createTestHub(
      store,
      {
        MAILLAGE_ADMIN_TOKEN: ADMIN,
        MAILLAGE_DEMO_CONNECTORS: 'off',
        MAILLAGE_RETENTION_POLICY: join(dir, 'policy.json'),
      },
      { clock },
    );
    ids.closed = await fileAtGien('RET-1', 'roads.departmental');
    ids.open = await fileAtGien('RET-2', 'roads.departmental');
    subjectId = (await historyOf(ids.closed))[0]!.personal!['subjectId' as never];
    await http()
      .post(`/v1/requests/${ids.closed}/close`)
      .set(await hub.as('departement:45'))
      .send({ outcome: 'resolved' })
      .expect(200);
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists nothing, and refuses an approval recording nothing, before the period is over', async () => {
    offsetMs = YEAR_MS;
    expect((await due()).items).toEqual([]);
    const refused = await approve([ids.closed]).expect(409);
    expect(refused.body).toMatchObject({ code: 'RETENTION.NOT_DUE', field: 'requestIds/0' });
    await approve(['00000000-0000-4000-8000-000000000000']).expect(404);
    expect(await approvals()).toEqual([]);
    expect(await liveKeys()).toHaveLength(2);
  });

  it('lists the expired request once the clock is past its period, and destroys nothing', async () => {
    offsetMs = 3 * YEAR_MS;
    const list = await due();
    expect(list.policyVersion).toBe('2031-01-01.1');
    expect(list.items.map((item) => item.requestId)).toEqual([ids.closed]);
    expect(list.items[0]!.disposition).toBe('destroy');
    // The command line runs on the real clock: it is asked as of the moved one.
    const fromCli = await cli(['retention', 'due', '--as-of', clock().toISOString()], cliEnv());
    expect(fromCli.code).toBe(0);
    expect((JSON.parse(fromCli.out) as typeof list).items.map((i) => i.requestId)).toEqual([
      ids.closed,
    ]);
    // Listed, not disposed of: keys there, data readable, no approval recorded.
    expect(await liveKeys()).toHaveLength(2);
    expect(JSON.stringify((await historyOf(ids.closed))[0]!.personal)).toContain(EMAIL);
    expect(await approvals()).toEqual([]);
    // An approval with one request not due (still open) records nothing at all.
    const refused = await approve([ids.closed, ids.open]).expect(409);
    expect(refused.body).toMatchObject({ code: 'RETENTION.NOT_DUE', field: 'requestIds/1' });
    expect(await approvals()).toEqual([]);
    expect(await liveKeys()).toHaveLength(2);
  });

  it("on the approval, destroys that request's keys only, after recording the approval event", async () => {
    const report = (await approve([ids.closed]).expect(200)).body as {
      approvalId: string;
      policyVersion: string;
      requests: { requestId: string; approval: string; keysDestroyed: number }[];
    };
    expect(report.policyVersion).toBe('2031-01-01.1');
    expect(report.requests).toEqual([
      expect.objectContaining({ requestId: ids.closed, approval: 'recorded', keysDestroyed: 1 }),
    ]);
    const recorded = await approvals();
    expect(recorded.map((event) => event.type)).toEqual(['RetentionDisposalApproved']);
    expect(recorded[0]!.data).toMatchObject({
      approvalId: report.approvalId,
      archivesReference: 'AD45-VISA-0117',
      policyVersion: '2031-01-01.1',
    });
    expect(JSON.stringify(recorded)).not.toContain(EMAIL);
    // The read models went past it (an event of no request).
    expect(
      (
        await http()
          .get(`/v1/requests/${ids.open}`)
          .set(await hub.as('commune:45155'))
          .expect(200)
      ).body,
    ).toMatchObject({ id: ids.open });

    // The disposed request reads [effacé], and tells the tools involved.
    const disposed = await historyOf(ids.closed);
    expect(disposed[0]!.personal).toMatchObject({ email: '[effacé]', name: '[effacé]' });
    expect(disposed.at(-1)).toMatchObject({
      type: 'PersonalDataErased',
      data: { legalBasis: 'archives_disposal', erasureId: report.approvalId },
    });
    // The citizen's other, live request is intact.
    expect((await historyOf(ids.open))[0]!.personal).toMatchObject({ email: EMAIL, name: NAME });
    expect((await liveKeys()).map((key) => key.streamId)).toEqual([`request-${ids.open}`]);

    // Idempotent: approving again records nothing more.
    const again = (await approve([ids.closed]).expect(200)).body as {
      requests: { approval: string; keysDestroyed: number }[];
    };
    expect(again.requests).toEqual([
      expect.objectContaining({ approval: 'already_recorded', keysDestroyed: 0 }),
    ]);
    expect(await approvals()).toHaveLength(1);
    expect((await due()).items).toEqual([]);

    // The audit chain covers the ciphertext: it verifies the same after the disposal.
    const verified = await cli(['verify', '--json'], cliEnv());
    expect(verified.code).toBe(0);

    // The disposal is in the security-event files, with no personal data.
    const logDir = hub.config.securityLog!.dir;
    const lines = readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('');
    expect(lines).toContain('"outcome":"disposed"');
    expect(lines).toContain(ids.closed);
    expect(lines).not.toContain(EMAIL);
  });

  it("exports an archived request's file, opened, with its manifest, before its keys go", async () => {
    const id = await fileAtGien('RET-3', 'civil_status.birth_certificate');
    await http()
      .post(`/v1/requests/${id}/close`)
      .set(await hub.as('commune:45155'))
      .send({ outcome: 'resolved' })
      .expect(200);
    // civil_status: one year, then archived (the policy's rule), counted from this closure.
    offsetMs = 5 * YEAR_MS;
    // The due list finds closed requests in the read model, which may lag the close a moment.
    let items = (await due()).items;
    for (const deadline = Date.now() + 5_000; items.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      items = (await due()).items;
    }
    expect(items).toEqual([expect.objectContaining({ requestId: id, disposition: 'archive' })]);
    const report = (await approve([id]).expect(200)).body as {
      approvalId: string;
      requests: { requestId: string; keysDestroyed: number; archive: unknown }[];
    };

    const folder = join(hub.config.retention.archivesDir, report.approvalId);
    const path = join(folder, `request-${id}.ndjson`);
    const file = readFileSync(path, 'utf8');
    const events = file
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; personal: unknown });
    // Opened: the archives service receives the citizen's contact, written before the keys went.
    expect(events[0]).toMatchObject({
      type: 'RequestFiled',
      personal: { email: EMAIL, name: NAME },
    });
    expect(events.at(-1)!.type).toBe('RequestClosed');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const entry = {
      requestId: id,
      file: `${report.approvalId}/request-${id}.ndjson`,
      events: events.length,
      sha256: createHash('sha256').update(file).digest('hex'),
    };
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
      approval: { approvalId: string };
      files: unknown[];
    };
    expect(manifest.approval.approvalId).toBe(report.approvalId);
    expect(manifest.files).toEqual([entry]);
    expect(report.requests).toEqual([
      expect.objectContaining({ requestId: id, keysDestroyed: 1, archive: entry }),
    ]);

    // Then the keys went: the hub reads [effacé]; the citizen's open request is intact.
    expect((await historyOf(id))[0]!.personal).toMatchObject({ email: '[effacé]' });
    expect((await historyOf(ids.open))[0]!.personal).toMatchObject({ email: EMAIL });
    // Approving again never rewrites the export (it would now hold [effacé]).
    await approve([id]).expect(200);
    expect(readFileSync(path, 'utf8')).toBe(file);
  });
}

describe('retention (SQLite)', () => retentionSuite('sqlite'));
describeWithPostgres('retention (PostgreSQL)', () => retentionSuite('postgres'));

describe('retention policy at boot', () => {
  it('refuses to boot on an invalid policy, naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-retention-policy-'));
    try {
      writeFileSync(
        join(dir, 'policy.json'),
        JSON.stringify({ ...POLICY, default: { retention: 'two years', disposition: 'destroy' } }),
      );
      await expect(
        createTestHub('sqlite', { MAILLAGE_RETENTION_POLICY: join(dir, 'policy.json') }),
      ).rejects.toMatchObject({
        code: 'RETENTION.INVALID_POLICY',
        message: expect.stringContaining('/default/retention') as string,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
