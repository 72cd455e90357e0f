/**
 * npm run bench:dialects — translations per second per core (one thread) for every dialect:
 * decoding native payloads into canonical filings and updates, and encoding canonical events into
 * native messages; and, in the same run, a baseline of JSON.parse + JSON.stringify of the same
 * payloads (the least any translation over the wire costs). Prints the median of BENCH_RUNS runs
 * of BENCH_MILLISECONDS each and the ratio to the baseline (goal: at least 30 %).
 *
 * A decode is measured on an already-parsed payload and an encode up to the message object, so
 * the ratio compares the translation itself with one parse + stringify of the same JSON.
 *
 * Environment: BENCH_RUNS (7), BENCH_MILLISECONDS (400).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  DIALECT_IDS,
  DIALECTS,
  type CanonicalEventView,
  type DecodedFiling,
  type DialectContext,
  type DialectId,
  type EncodeContext,
} from '@maillage/dialects';
import { markdownTable, median } from '../support/stats';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const MILLISECONDS = Number(process.env['BENCH_MILLISECONDS'] ?? 400);
const GOAL = 0.3;
const EXAMPLES = join(__dirname, '../../schemas/dialects');
const HUB_ID = '0b6f3c1e-5a2d-4c8e-9f10-2b3c4d5e6f70';

const CONTEXTS: Record<DialectId, DialectContext> = {
  'commune-v1': { authority: 'commune:45155', defaultInseeCode: '45155', timeZone: 'Europe/Paris' },
  'epci-v1': { authority: 'epci:244500211', defaultInseeCode: null, timeZone: 'Europe/Paris' },
  'departement-v1': {
    authority: 'departement:45',
    defaultInseeCode: null,
    timeZone: 'Europe/Paris',
  },
  'open311-v2': { authority: 'commune:45155', defaultInseeCode: '45155', timeZone: 'Europe/Paris' },
};

let sink = 0;

/** Operations per second of `operation` over `items`, taken in turn, for MILLISECONDS. */
function rate<T>(items: readonly T[], operation: (item: T) => unknown): number {
  let count = 0;
  const started = process.hrtime.bigint();
  const budget = BigInt(MILLISECONDS) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let batch = 0; batch < 200; batch += 1) {
      const result = operation(items[count % items.length]!);
      if (result !== undefined && result !== null) sink += 1;
      count += 1;
    }
    elapsed = process.hrtime.bigint() - started;
  }
  return (count * 1e9) / Number(elapsed);
}

/** The median rate of RUNS runs, after one warm-up run. */
function medianRate<T>(items: readonly T[], operation: (item: T) => unknown): number {
  rate(items, operation);
  return median(Array.from({ length: RUNS }, () => rate(items, operation)));
}

function examples(dialect: DialectId, prefix: string): string[] {
  const dir = join(EXAMPLES, dialect, 'examples');
  return readdirSync(dir)
    .filter((file) => file.startsWith(`${prefix}-`))
    .map((file) => JSON.stringify(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
}

/** A request's history as the hub records it, built from a filing the dialect decoded. */
function history(filing: DecodedFiling, authority: string): CanonicalEventView[] {
  const event = (
    type: string,
    data: Record<string, unknown>,
    personal: Record<string, unknown> | null = null,
  ) => ({
    eventId: '00000000-0000-4000-8000-000000000001',
    type,
    data: { requestId: HUB_ID, ...data },
    personal,
    metadata: { occurredAt: '2026-11-30T08:00:00Z', actor: { authority, connector: 'bench' } },
    position: 1,
    recordedAt: '2026-11-30T08:00:00.123Z',
  });
  return [
    event(
      'RequestFiled',
      {
        source: { authority, connector: 'bench', externalId: filing.externalId },
        channel: filing.channel,
        category: filing.category,
        description: filing.description,
        location: filing.location,
        attachments: filing.attachments,
        filedAt: filing.filedAt?.utc ?? '2026-11-29T08:15:00Z',
      },
      filing.citizen === null ? null : { subjectId: 'subject-1', ...filing.citizen },
    ),
    event('RequestRouted', {
      targets: ['departement:45'],
      rule: { id: 'r', version: '1' },
      reason: 'competence',
    }),
    event('RequestAcknowledged', {
      authority: 'departement:45',
      externalReference: 'D45-2026-0000456',
    }),
    event('StatusChanged', {
      from: 'acknowledged',
      to: 'in_progress',
      authority: 'departement:45',
      raw: { code: 'INSTR', label: 'En instruction' },
      note: 'Équipe prévenue.',
    }),
    event('CommentAdded', {
      commentId: 'c-1',
      authority: 'departement:45',
      text: 'Passage jeudi.',
      visibility: 'public',
    }),
    event('RequestClosed', {
      authority: 'departement:45',
      outcome: 'resolved',
      raw: { code: 'CLOTUREE', label: 'Clôturée' },
      note: 'Réparé.',
    }),
  ];
}

interface Row {
  readonly dialect: DialectId;
  readonly direction: 'decode' | 'encode';
  readonly perSecond: number;
  readonly baseline: number;
}

function measure(dialect: DialectId): Row[] {
  const translator = DIALECTS[dialect];
  const context = CONTEXTS[dialect];
  const filings = examples(dialect, 'filing');
  const updates = examples(dialect, 'update');
  const payloads = [
    ...filings.map((text) => ({
      text,
      value: JSON.parse(text) as unknown,
      kind: 'filing' as const,
    })),
    ...updates.map((text) => ({
      text,
      value: JSON.parse(text) as unknown,
      kind: 'update' as const,
    })),
  ];
  for (const payload of payloads) {
    const result =
      payload.kind === 'filing'
        ? translator.decodeFiling(payload.value, context)
        : translator.decodeUpdate(payload.value, context);
    if (!result.ok)
      throw new Error(`${dialect}: an example does not decode: ${JSON.stringify(result.issues)}`);
  }
  const decoded = translator.decodeFiling(JSON.parse(filings[0]!), context);
  if (!decoded.ok) throw new Error(`${dialect}: the first filing example does not decode`);
  const events = history(decoded.value, context.authority);
  const encodeContext: EncodeContext = {
    ...context,
    role: 'target',
    externalId: 'X-2026-1',
    category: decoded.value.category,
  };
  const eventTexts = events.map((event) => JSON.stringify(event));
  return [
    {
      dialect,
      direction: 'decode',
      perSecond: medianRate(payloads, (payload) =>
        payload.kind === 'filing'
          ? translator.decodeFiling(payload.value, context)
          : translator.decodeUpdate(payload.value, context),
      ),
      baseline: medianRate(payloads, (payload) => JSON.stringify(JSON.parse(payload.text))),
    },
    {
      dialect,
      direction: 'encode',
      perSecond: medianRate(events, (event) => translator.encode(event, encodeContext)),
      baseline: medianRate(eventTexts, (text) => JSON.stringify(JSON.parse(text))),
    },
  ];
}

function main(): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Dialect translations, one thread (${cpu}, Node ${process.version}); median of ${RUNS} runs of ${MILLISECONDS} ms.\n`,
  );
  const rows = DIALECT_IDS.flatMap(measure);
  const thousands = (value: number) => `${(value / 1000).toFixed(1)} k`;
  console.log(
    markdownTable(
      [
        'dialect',
        'translation',
        'translations/s',
        'JSON.parse+stringify/s',
        'ratio',
        `≥ ${GOAL * 100} %`,
      ],
      rows.map((row) => {
        const ratio = row.perSecond / row.baseline;
        return [
          row.dialect,
          row.direction,
          thousands(row.perSecond),
          thousands(row.baseline),
          `${(ratio * 100).toFixed(0)} %`,
          ratio >= GOAL ? 'yes' : 'NO',
        ];
      }),
    ),
  );
  if (sink === 0) console.log('(nothing translated)');
  if (rows.some((row) => row.perSecond / row.baseline < GOAL)) process.exitCode = 1;
}

main();
