/**
 * npm run bench:personal-data — the cost of crypto-shredding, in one run:
 *
 * 1. Ingest over HTTP: the hub (one process, run from its sources) filing requests under load with and without a
 *    citizen in the payload (each filing a new citizen: a data key created, wrapped and stored per
 *    request — the worst case), on SQLite and on PostgreSQL. Runs alternate between the two
 *    payloads on the same server; prints the median req/s of each and their ratio.
 * 2. The same at the store's level, without HTTP: appends of a filing (RequestFiled +
 *    RequestRouted) to the raw store and through `EncryptingEventStore`, 64 at a time.
 * 3. Erasing one citizen in a SQLite store of BENCH_ERASURE_EVENTS events (default 1 000 000:
 *    100 000 requests of 10 events, each filed by its own citizen, loaded through the encrypting
 *    store): the time of `CitizenErasure.erase` (key destroyed, PersonalDataErased recorded),
 *    measured at a tenth of the log and at the full log, to show it does not grow with it.
 *
 * No timing is asserted. Environment: BENCH_RUNS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (64),
 * BENCH_STORE_FILINGS (10000), BENCH_ERASURE_EVENTS (1000000), BENCH_ERASURES (20),
 * BENCH_PERSONAL_DATA_PARTS (comma-separated: http, store, erasure), DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { parseConfig } from '@maillage/config';
import {
  type EventStore,
  type EventToAppend,
  PostgresEventStore,
  SqliteEventStore,
} from '@maillage/event-store';
import {
  DataKeys,
  EncryptingEventStore,
  PostgresKeyStore,
  SqliteKeyStore,
} from '@maillage/personal-data';
import { openCitizenErasure, RequestIds } from '@maillage/service-requests';
import { benchConnector } from '../support/bench-connector';
import { type ServerProcess, startServer } from '../support/server-process';
import { markdownTable, median, percentile } from '../support/stats';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
const STORE_FILINGS = Number(process.env['BENCH_STORE_FILINGS'] ?? 10_000);
const ERASURE_EVENTS = Number(process.env['BENCH_ERASURE_EVENTS'] ?? 1_000_000);
const ERASURES = Number(process.env['BENCH_ERASURES'] ?? 20);
const ONLY = process.env['BENCH_PERSONAL_DATA_PARTS']?.split(',').map((part) => part.trim());
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'bench-secret-bench-secret-bench-secret-00';
const EVENTS_PER_REQUEST = 10;
const ids = new RequestIds(SECRET);
/**
 * The hub, run from its sources (transpiled at load, not type-checked): no build needed, and both
 * payloads are measured on the same server, so the ratio compares like with like.
 */
const HUB = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  'tsconfig-paths/register',
  'apps/hub/src/main.ts',
];

const wanted = (part: string) => !ONLY || ONLY.includes(part);

async function pg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropSchemas = (schema: string) =>
  pg(async (client) => {
    for (const suffix of ['', '_read', '_keys', '_audit']) {
      await client.query(`DROP SCHEMA IF EXISTS ${schema}${suffix} CASCADE`);
    }
  });

// ---------------------------------------------------------------- 1. ingest over HTTP

let sequence = 0;
function body(withCitizen: boolean): string {
  sequence += 1;
  return JSON.stringify({
    source: { externalId: `PD-BENCH-${process.pid}-${sequence}` },
    channel: 'web',
    category: sequence % 2 ? 'roads.departmental' : 'roads.municipal',
    description: 'Nid-de-poule signalé devant le numéro 12',
    location: { inseeCode: '45155', address: 'Rue de la Paix, 45500 Gien' },
    ...(withCitizen
      ? {
          citizen: {
            name: `Citoyen ${sequence} Lemaire`,
            email: `citoyen.${process.pid}.${sequence}@example.org`,
            phone: '+33 6 10 00 00 00',
            address: `${sequence} rue des Tilleuls, 45500 Gien`,
          },
        }
      : {}),
  });
}

async function load(url: string, authorization: string, withCitizen: boolean): Promise<number> {
  const result = await autocannon({
    url: `${url}/v1/requests`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        setupRequest: (request) => ({ ...request, body: body(withCitizen) }),
      },
    ],
  });
  if (result.non2xx + result.errors + result.timeouts > 0) {
    throw new Error(
      `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result.requests.average;
}

async function ingestOverHttp(): Promise<string> {
  const rows: (string | number)[][] = [];
  let port = 4300;
  for (const store of ['sqlite', 'postgres'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-pd-'));
    const schema = `bench_pd_${process.pid}`;
    const connector = benchConnector(dataDir);
    const env = {
      LOG_LEVEL: 'error',
      MAILLAGE_HUB_SECRET: SECRET,
      MAILLAGE_DATA_DIR: dataDir,
      // Ingest alone: a KAFKA_BROKERS in the caller's environment would add the relay.
      KAFKA_BROKERS: '',
      ...connector.env,
      ...(store === 'postgres'
        ? { MAILLAGE_EVENT_STORE: 'postgres', DATABASE_URL, MAILLAGE_PG_SCHEMA: schema }
        : {}),
    };
    let server: ServerProcess | null = null;
    try {
      server = await startServer(HUB, env, port++, '/docs/openapi.json');
      await load(server.url, connector.authorization, true); // warm-up, not counted
      const without: number[] = [];
      const withData: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternate the order, so that a store growing during the run favours neither.
        for (const withCitizen of run % 2 ? [true, false] : [false, true]) {
          (withCitizen ? withData : without).push(
            await load(server.url, connector.authorization, withCitizen),
          );
        }
      }
      const a = median(without);
      const b = median(withData);
      rows.push([store, Math.round(a), Math.round(b), `${((b / a) * 100).toFixed(1)} %`]);
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (store === 'postgres') await dropSchemas(schema);
    }
  }
  return [
    `### Ingest over HTTP (${RUNS} × ${SECONDS} s per payload, ${CONNECTIONS} connections)`,
    '',
    markdownTable(
      ['store', 'req/s without citizen', 'req/s with citizen (sealed)', 'with / without'],
      rows,
    ),
  ].join('\n');
}

// ---------------------------------------------------------------- 2. ingest at the store level

const AUTHORITIES = ['commune:45155', 'commune:45053', 'commune:45208', 'commune:45234'];

/** The events of a request filed by citizen `k` (RequestFiled, RequestRouted, then comments). */
function requestEvents(
  k: number,
  withCitizen = true,
): { streamId: string; events: EventToAppend[] } {
  const requestId = ids.forExternalRequest('commune:45155', `PD-${k}`);
  const authority = AUTHORITIES[k % AUTHORITIES.length]!;
  const metadata = (at: string) => ({
    eventId: randomUUID(),
    correlationId: requestId,
    causationId: null,
    actor: { authority, connector: 'bench-gien' },
    occurredAt: at,
    recordedAt: at,
    schemaVersion: 1,
  });
  const at = new Date(Date.UTC(2026, 0, 5) + k * 1000).toISOString();
  const event = (
    type: string,
    data: Record<string, unknown>,
    personal: EventToAppend['personal'] = null,
  ) => {
    const meta = metadata(at);
    return {
      eventId: meta.eventId,
      type,
      data: { requestId, ...data },
      personal,
      metadata: meta,
    } as EventToAppend;
  };
  const email = `citoyen.${k}@example.org`;
  return {
    streamId: `request-${requestId}`,
    events: [
      event(
        'RequestFiled',
        {
          source: { authority, connector: 'bench-gien', externalId: `PD-${k}` },
          channel: 'web',
          category: 'roads.departmental',
          description: 'Nid-de-poule signalé devant le numéro 12',
          location: { inseeCode: '45155' },
          attachments: [],
          filedAt: at,
        },
        withCitizen
          ? {
              subjectId: ids.forCitizen(email),
              name: `Citoyen ${k} Lemaire`,
              email,
              phone: '+33 6 10 00 00 00',
              address: `${k} rue des Tilleuls, 45500 Gien`,
            }
          : null,
      ),
      event('RequestRouted', {
        targets: ['departement:45'],
        rule: { id: 'roads.departmental', version: 'builtin-1' },
        reason: 'roads.departmental is a departmental competence',
      }),
      ...Array.from({ length: EVENTS_PER_REQUEST - 2 }, (_, n) =>
        event('CommentAdded', {
          commentId: randomUUID(),
          authority: 'departement:45',
          text: `Commentaire ${n}`,
          visibility: 'internal',
        }),
      ),
    ],
  };
}

/** Appends `count` requests' events (filing, then the rest), `concurrency` requests at a time. */
async function appendRequests(
  store: EventStore,
  from: number,
  count: number,
  options: { concurrency?: number; filingOnly?: boolean; withCitizen?: boolean } = {},
): Promise<number> {
  let next = from;
  const end = from + count;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < end) {
      const { streamId, events } = requestEvents(next++, options.withCitizen ?? true);
      await store.appendToStream(streamId, events.slice(0, 2), { expectedRevision: 'no_stream' });
      if (!options.filingOnly) {
        await store.appendToStream(streamId, events.slice(2), { expectedRevision: 1 });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function ingestAtStoreLevel(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    const rates: Record<string, number> = {};
    for (const variant of ['raw store, no citizen', 'encrypting store, citizen'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'maillage-bench-pd-store-'));
      const schema = `bench_pd_store_${process.pid}`;
      let store: EventStore =
        kind === 'sqlite'
          ? new SqliteEventStore({ path: join(dir, 'events.sqlite') })
          : await PostgresEventStore.create({ connectionString: DATABASE_URL, schema });
      const sealing = variant.startsWith('encrypting');
      if (sealing) {
        const keyStore =
          kind === 'sqlite'
            ? new SqliteKeyStore({ path: join(dir, 'keys.sqlite') })
            : await PostgresKeyStore.create({
                connectionString: DATABASE_URL,
                schema: `${schema}_keys`,
              });
        store = new EncryptingEventStore(store, await DataKeys.open(keyStore, SECRET));
      }
      try {
        await appendRequests(store, 0, 500, { filingOnly: true, withCitizen: sealing }); // warm-up
        const seconds = await appendRequests(store, 500, STORE_FILINGS, {
          filingOnly: true,
          withCitizen: sealing,
        });
        rates[variant] = STORE_FILINGS / seconds;
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
        if (kind === 'postgres') await dropSchemas(schema);
      }
    }
    const a = rates['raw store, no citizen']!;
    const b = rates['encrypting store, citizen']!;
    rows.push([kind, Math.round(a), Math.round(b), `${((b / a) * 100).toFixed(1)} %`]);
  }
  return [
    `### Ingest at the store level (${STORE_FILINGS} filings of 2 events, 64 concurrent appends, no HTTP)`,
    '',
    markdownTable(
      [
        'store',
        'filings/s, raw store, no citizen',
        'filings/s, encrypting store, citizen',
        'ratio',
      ],
      rows,
    ),
  ].join('\n');
}

// ---------------------------------------------------------------- 3. erasure in a large store

/** Erases ERASURES citizens among those of requests [from, from + count), timing each. */
async function eraseSome(
  config: ReturnType<typeof parseConfig>,
  from: number,
  count: number,
): Promise<number[]> {
  const opened = await openCitizenErasure(config);
  try {
    const times: number[] = [];
    for (let n = 0; n < ERASURES; n++) {
      const k = from + Math.floor(((n + 0.5) / ERASURES) * count);
      const started = process.hrtime.bigint();
      const report = await opened.erasure.erase({
        subjectId: ids.forCitizen(`citoyen.${k}@example.org`),
        legalBasis: 'rgpd_art17_1b',
        requester: 'DPO commune:45155, banc d’essai',
      });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (!report.keyDestroyed || report.counts.erasureEventsRecorded !== 1) {
        throw new Error(
          `erasure of citizen ${k} did not do what it should: ${JSON.stringify(report.counts)}`,
        );
      }
    }
    return times;
  } finally {
    await opened.close();
  }
}

async function erasureInLargeStore(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-bench-pd-erase-'));
  const config = parseConfig({
    MAILLAGE_DATA_DIR: dir,
    MAILLAGE_HUB_SECRET: SECRET,
    LOG_LEVEL: 'error',
  });
  const requests = Math.max(ERASURES * 2, Math.floor(ERASURE_EVENTS / EVENTS_PER_REQUEST));
  const tenth = Math.max(ERASURES * 2, Math.floor(requests / 10));
  const rows: (string | number)[][] = [];
  try {
    const raw = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const keys = await DataKeys.open(
      new SqliteKeyStore({ path: join(dir, 'keys.sqlite') }),
      SECRET,
    );
    const store = new EncryptingEventStore(raw, keys);
    let loadSeconds = await appendRequests(store, 0, tenth);
    await store.close();
    const small = await eraseSome(config, 0, tenth);
    rows.push([tenth * EVENTS_PER_REQUEST, ...summary(small)]);

    const reopened = new EncryptingEventStore(
      new SqliteEventStore({ path: join(dir, 'events.sqlite') }),
      await DataKeys.open(new SqliteKeyStore({ path: join(dir, 'keys.sqlite') }), SECRET),
    );
    loadSeconds += await appendRequests(reopened, tenth, requests - tenth);
    const head = await reopened.headPosition();
    await reopened.close();
    // Citizens of the part loaded since: not erased yet.
    const full = await eraseSome(config, tenth, requests - tenth);
    rows.push([head, ...summary(full)]);
    return [
      `### Erasing one citizen in a SQLite store (${ERASURES} erasures at each size; each citizen filed one request of ${EVENTS_PER_REQUEST} events)`,
      '',
      `Loaded ${head.toLocaleString('en')} events (${requests.toLocaleString('en')} requests, sealed, through the encrypting store) in ${loadSeconds.toFixed(1)} s: ${Math.round(head / loadSeconds)} events/s.`,
      '',
      markdownTable(['events in the store', 'median ms', 'p95 ms', 'max ms'], rows),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(times: readonly number[]): string[] {
  return [median(times), percentile(times, 95), Math.max(...times)].map((ms) => ms.toFixed(1));
}

async function main(): Promise<void> {
  console.log(
    `personal-data benchmark: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const sections: string[] = [];
  if (wanted('http')) sections.push(await ingestOverHttp());
  if (wanted('store')) sections.push(await ingestAtStoreLevel());
  if (wanted('erasure')) sections.push(await erasureInLargeStore());
  console.log(sections.join('\n\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
