import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import request from 'supertest';
import { AuditService } from '@maillage/audit';
import { Connectors } from '@maillage/connectors';
import { Dispatcher } from '@maillage/dispatcher';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import {
  createTestHub,
  describeWithPostgres,
  TEST_DATABASE_URL,
  type TestHub,
} from '@maillage/http-api/testing';
import { RAW_EVENT_STORE } from '@maillage/service-requests';
import { runCli } from '../../apps/cli/src/cli';

/*
 * Crypto-shredding end to end, on each store: 1 000 synthetic citizens file through the HTTP API
 * (the first 20 twice), 100 of them are erased — 90 through the API (half by contact, half by
 * subject id), 10 through `maillage erase` — then the stores are searched byte by byte.
 */

const ADMIN = 'mla_personal-data-e2e-admin-token-0123456789';
const SECRET = 'test-secret-test-secret-test-secret-0123';
const CITIZENS = 1000;
const FILING_TWICE = 20;
const isErased = (index: number) => index % 10 === 0;
/** Erased through the CLI rather than the API. */
const byCli = (index: number) => index % 100 === 50;

interface Citizen {
  readonly index: number;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly address: string;
  readonly requestIds: string[];
}

/** Unique values (zero-padded: no citizen's value is part of another's). */
function citizen(index: number): Citizen {
  const pad = String(index).padStart(4, '0');
  return {
    index,
    name: `Citoyen ${pad} Lemaire`,
    email: `citoyen.${pad}@example.org`,
    phone: `+33 6 10 ${pad.slice(0, 2)} ${pad.slice(2)} 99`,
    address: `${pad} rue des Tilleuls, 45500 Gien`,
    requestIds: [],
  };
}

const description = (index: number, filing: number) =>
  `Nid-de-poule signalé, dossier ${String(index).padStart(4, '0')}-${filing}`;

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

/** Every value of `citizens` found in `bytes`, as `<index>:<value>`. */
function plaintextIn(bytes: Buffer, citizens: readonly Citizen[]): string[] {
  return citizens.flatMap((c) =>
    [c.name, c.email, c.phone, c.address]
      .filter((value) => bytes.includes(Buffer.from(value, 'utf8')))
      .map((value) => `${c.index}:${value}`),
  );
}

/** The raw bytes of every file of a SQLite data directory (databases, WAL and all). */
function sqliteFiles(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.sqlite(-wal|-shm|-journal)?$/.test(name))
      .map((name) => readFileSync(join(dir, name))),
  );
}

/** What a `pg_dump` of these schemas would hold: every row of every table, as text. */
async function postgresDump(schemas: readonly string[]): Promise<Buffer> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`,
      [schemas],
    );
    expect(tables.length).toBeGreaterThan(0);
    const parts: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables) {
      const { rows } = await client.query<{ dump: string | null }>(
        `SELECT string_agg(t::text, E'\\n') AS dump FROM "${schema}"."${table}" t`,
      );
      parts.push(`-- ${schema}.${table}\n${rows[0]?.dump ?? ''}`);
    }
    return Buffer.from(parts.join('\n'), 'utf8');
  } finally {
    await client.end();
  }
}

function erasureSuite(store: 'sqlite' | 'postgres'): void {
  let hub: TestHub;
  let gien: Record<string, string>;
  const admin = { authorization: `Bearer ${ADMIN}` };
  const citizens = Array.from({ length: CITIZENS }, (_, index) => citizen(index));
  const erased = citizens.filter((c) => isErased(c.index));
  const kept = citizens.filter((c) => !isErased(c.index));
  const http = () => request(hub.app.getHttpServer());
  /** The configuration `maillage` reads: the same stores as the hub. */
  const cliEnv = (): Record<string, string> => {
    const { config } = hub;
    return {
      MAILLAGE_DATA_DIR: config.dataDir,
      MAILLAGE_HUB_SECRET: SECRET,
      ...(config.eventStore.kind === 'postgres'
        ? {
            MAILLAGE_EVENT_STORE: 'postgres',
            DATABASE_URL: TEST_DATABASE_URL,
            MAILLAGE_PG_SCHEMA: config.eventStore.schema,
          }
        : {}),
    };
  };
  const historyOf = async (requestId: string) =>
    (await http().get(`/v1/requests/${requestId}/events`).set(gien).expect(200)).body as {
      events: { type: string; data: Record<string, unknown>; personal: unknown }[];
    };
  let checkpointBefore: number;

  beforeAll(async () => {
    // No key cache: `maillage erase` runs beside the hub and must be seen by it at once.
    hub = await createTestHub(store, { MAILLAGE_ADMIN_TOKEN: ADMIN, MAILLAGE_KEY_CACHE_MS: '0' });
    gien = await hub.as('commune:45155');
    await hub.as('departement:45'); // Loiret, where every request is routed, has a connector.
    for (let filing = 0; filing < 2; filing++) {
      for (const c of filing === 0 ? citizens : citizens.slice(0, FILING_TWICE)) {
        const response = await http()
          .post('/v1/requests')
          .set(gien)
          .send({
            source: { externalId: `PD-${c.index}-${filing}` },
            channel: 'web',
            category: 'roads.departmental',
            description: description(c.index, filing),
            location: { inseeCode: '45155' },
            citizen: { name: c.name, email: c.email, phone: c.phone, address: c.address },
          })
          .expect(201);
        c.requestIds.push((response.body as { id: string }).id);
      }
    }
    checkpointBefore = (await hub.app.get(AuditService).createCheckpoint())!.position;
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('erases 100 citizens through the API and the CLI, and answers what it erased', async () => {
    const subjectOf = async (c: Citizen) =>
      ((await historyOf(c.requestIds[0]!)).events[0]!.personal as { subjectId: string }).subjectId;
    for (const [n, c] of erased.entries()) {
      const body = {
        legalBasis: 'rgpd_art17_1b',
        requester: `DPO commune:45155, demande RGPD-2026-${n}`,
      };
      let report: {
        subjectId: string;
        keyDestroyed: boolean;
        requests: { requestId: string; erasureEvent: string }[];
        counts: Record<string, number>;
      };
      if (byCli(c.index)) {
        const result = await cli(
          [
            'erase',
            '--contact',
            c.email,
            '--legal-basis',
            body.legalBasis,
            '--requester',
            body.requester,
          ],
          cliEnv(),
        );
        expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
        report = JSON.parse(result.out) as typeof report;
      } else {
        const target = n % 2 ? { contact: c.email } : { subjectId: await subjectOf(c) };
        report = (
          await http()
            .post('/v1/citizens/erasure')
            .set(admin)
            .send({ ...target, ...body })
            .expect(200)
        ).body as typeof report;
      }
      expect(report.keyDestroyed).toBe(true);
      expect(report.requests.map((r) => r.requestId).sort()).toEqual([...c.requestIds].sort());
      expect(report.requests.every((r) => r.erasureEvent === 'recorded')).toBe(true);
      expect(report.counts).toMatchObject({
        requests: c.requestIds.length,
        eventsWithPersonalData: c.requestIds.length,
        erasureEventsRecorded: c.requestIds.length,
      });
    }
  }, 120_000);

  it('erases twice without harm: nothing destroyed, nothing recorded again', async () => {
    const twice = erased[0]!;
    const again = await http()
      .post('/v1/citizens/erasure')
      .set(admin)
      .send({ contact: twice.email, legalBasis: 'rgpd_art17_1b', requester: 'DPO, relance' })
      .expect(200);
    expect(again.body).toMatchObject({
      keyDestroyed: false,
      counts: { requests: 2, erasureEventsRecorded: 0 },
    });
    expect(
      (again.body as { requests: { erasureEvent: string }[] }).requests.map((r) => r.erasureEvent),
    ).toEqual(['already_recorded', 'already_recorded']);
    const history = await historyOf(twice.requestIds[0]!);
    expect(history.events.filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
  });

  it('shows [effacé] in the history of an erased request, every other field intact', async () => {
    const c = erased[1]!;
    const { events } = await historyOf(c.requestIds[0]!);
    expect(events.map((e) => e.type)).toEqual([
      'RequestFiled',
      'RequestRouted',
      'PersonalDataErased',
    ]);
    const [filed, , erasure] = events;
    expect(filed!.personal).toEqual({
      subjectId: expect.any(String),
      name: '[effacé]',
      email: '[effacé]',
      phone: '[effacé]',
      address: '[effacé]',
    });
    expect(filed!.data).toMatchObject({
      description: description(c.index, 0),
      category: 'roads.departmental',
      location: { inseeCode: '45155' },
    });
    expect(erasure!.data).toEqual({
      requestId: c.requestIds[0],
      subjectId: (filed!.personal as { subjectId: string }).subjectId,
      erasureId: expect.any(String),
      legalBasis: 'rgpd_art17_1b',
      requester: expect.stringMatching(/^DPO commune:45155/),
    });
    expect(erasure!.personal).toBeNull();
    expect(JSON.stringify(events)).not.toContain(c.name);
  });

  it('reads the 900 others intact through the API', async () => {
    for (const c of kept) {
      for (const requestId of c.requestIds) {
        const { events } = await historyOf(requestId);
        expect(events[0]!.personal).toEqual({
          subjectId: expect.any(String),
          name: c.name,
          email: c.email,
          phone: c.phone,
          address: c.address,
        });
        expect(events.map((e) => e.type)).toEqual(['RequestFiled', 'RequestRouted']);
      }
    }
  }, 60_000);

  it('tells the tools involved in their dialects, and opens sealed events (as Kafka carries them) for the target only', async () => {
    const raw = hub.app.get<EventStore>(RAW_EVENT_STORE);
    const dispatcher = hub.app.get(Dispatcher);
    const connectors = hub.app.get(Connectors);
    const [loiret] = await connectors.ofAuthority('departement:45');
    const [origin] = (await connectors.ofAuthority('commune:45155')).filter(
      (connector) => connector.dialect === 'commune-v1',
    );
    /** What a connector gets for an event as the relay publishes it (read from the raw store). */
    const sent = async (event: RecordedEvent, connectorId: string) =>
      (await dispatcher.deliveries(event, { connectorId })).map(
        (delivery) => JSON.parse(delivery.message.value!.toString()) as Record<string, unknown>,
      );
    const routedOf = async (requestId: string) =>
      (await raw.readStream(`request-${requestId}`)).find((e) => e.type === 'RequestRouted')!;

    // Kept: the target gets the citizen's contact, opened from the sealed event.
    const c = kept[0]!;
    const routed = await routedOf(c.requestIds[0]!);
    const [filing] = await raw.readStream(`request-${c.requestIds[0]}`);
    expect(filing!.personal).toMatchObject({ alg: 'A256GCM' });
    const toLoiret = await sent(routed, loiret!.id);
    expect(toLoiret.map((m) => m['TYPE_MESSAGE'])).toEqual(['DEMANDE_A_TRAITER', 'ORIENTATION']);
    expect(JSON.stringify(toLoiret[0])).toContain(c.email);

    // Erased: the filing reads [effacé], and each tool is told in its own dialect.
    const e = erased[1]!;
    const stream = await raw.readStream(`request-${e.requestIds[0]}`);
    const erasure = stream.find((event) => event.type === 'PersonalDataErased')!;
    const refiled = await sent(
      stream.find((event) => event.type === 'RequestRouted')!,
      loiret!.id,
    );
    expect(JSON.stringify(refiled)).not.toContain(e.email);
    expect(JSON.stringify(refiled)).toContain('[effacé]');
    expect(await sent(erasure, loiret!.id)).toEqual([
      expect.objectContaining({
        TYPE_MESSAGE: 'EFFACEMENT_DEMANDEUR',
        ID_MAILLAGE: e.requestIds[0],
        FONDEMENT: 'rgpd_art17_1b',
      }),
    ]);
    expect(await sent(erasure, origin!.id)).toEqual([
      expect.objectContaining({ evenement: 'demandeur.efface', fondement: 'rgpd_art17_1b' }),
    ]);
  });

  it('leaves no plaintext of an erased citizen anywhere in the stores (events, read models, keys)', async () => {
    const bytes =
      store === 'sqlite'
        ? sqliteFiles(hub.config.dataDir)
        : await postgresDump(
            ['', '_read', '_keys', '_audit'].map(
              (suffix) => `${(hub.config.eventStore as { schema: string }).schema}${suffix}`,
            ),
          );
    // The search does find what is stored in clear (descriptions are not personal data).
    expect(bytes.includes(Buffer.from(description(erased[1]!.index, 0)))).toBe(true);
    expect(plaintextIn(bytes, erased)).toEqual([]);
    // Nobody's personal data is stored in clear: it is all sealed, erased or not.
    expect(plaintextIn(bytes, kept.slice(0, 50))).toEqual([]);
    for (const marker of ['Citoyen 0', '@example.org', 'rue des Tilleuls']) {
      expect({ marker, found: bytes.includes(Buffer.from(marker)) }).toEqual({
        marker,
        found: false,
      });
    }
  });

  it('still verifies: every hash, the chain, and the checkpoint signed before the erasures', async () => {
    const report = await hub.app.get(AuditService).verify();
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkpoints.find((c) => c.position === checkpointBefore)?.status).toBe(
      'verified',
    );
    const fromCli = await cli(['verify', '--json'], cliEnv());
    expect(fromCli.code).toBe(0);
    expect(JSON.parse(fromCli.out)).toMatchObject({ ok: true, findingCount: 0 });
  });

  it('refuses a requester who is the citizen, an unknown citizen, and anyone but the admin', async () => {
    const c = kept[0]!;
    for (const requester of [c.email, `Demande de ${c.name}`, c.phone]) {
      const refused = await http()
        .post('/v1/citizens/erasure')
        .set(admin)
        .send({ contact: c.email, legalBasis: 'rgpd_art17_1b', requester })
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'ERASURE.INVALID', field: 'requester' });
      expect(JSON.stringify(refused.body)).not.toContain(c.index.toString().padStart(4, '0'));
    }
    await http()
      .post('/v1/citizens/erasure')
      .set(admin)
      .send({ contact: 'personne@example.org', legalBasis: 'rgpd_art17_1b', requester: 'DPO' })
      .expect(404);
    await http()
      .post('/v1/citizens/erasure')
      .set(admin)
      .send({ contact: c.email, subjectId: 'x', legalBasis: 'rgpd_art17_1b', requester: 'DPO' })
      .expect(400);
    await http()
      .post('/v1/citizens/erasure')
      .set(admin)
      .send({ contact: c.email, legalBasis: 'because', requester: 'DPO' })
      .expect(400);
    await http()
      .post('/v1/citizens/erasure')
      .set(gien)
      .send({ contact: c.email, legalBasis: 'rgpd_art17_1b', requester: 'DPO' })
      .expect(403);
    // Nothing of it destroyed anything.
    expect((await historyOf(c.requestIds[0]!)).events[0]!.personal).toMatchObject({
      name: c.name,
    });
  });

  it('keeps a backup of the event store alone free of any personal data', async () => {
    const backup = mkdtempSync(join(tmpdir(), 'maillage-backup-'));
    try {
      let bytes: Buffer;
      if (store === 'sqlite') {
        // What an operator copies: the events database, without the key store beside it.
        const events = new Database(join(hub.config.dataDir, 'events.sqlite'), { readonly: true });
        await events.backup(join(backup, 'events.sqlite'));
        events.close();
        bytes = sqliteFiles(backup);
      } else {
        bytes = await postgresDump([(hub.config.eventStore as { schema: string }).schema]);
      }
      expect(bytes.includes(Buffer.from(description(kept[0]!.index, 0)))).toBe(true);
      expect(plaintextIn(bytes, citizens)).toEqual([]);
      if (store === 'sqlite') {
        // Restored without its key store, the hub has the events and nobody's data.
        const restored = await createTestHub('sqlite', { MAILLAGE_DATA_DIR: backup });
        try {
          const c = kept[0]!;
          const response = await request(restored.app.getHttpServer())
            .get(`/v1/requests/${c.requestIds[0]}/events`)
            .set(await restored.as('commune:45155'))
            .expect(200);
          const [filed] = (response.body as { events: { personal: unknown }[] }).events;
          expect(filed!.personal).toMatchObject({ name: '[effacé]', email: '[effacé]' });
        } finally {
          await restored.close();
        }
      }
    } finally {
      rmSync(backup, { recursive: true, force: true });
    }
  });
}

describe('crypto-shredding of 100 of 1 000 citizens, SQLite', () => erasureSuite('sqlite'));

describeWithPostgres('crypto-shredding of 100 of 1 000 citizens, PostgreSQL', () =>
  erasureSuite('postgres'),
);
