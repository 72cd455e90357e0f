import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamIdFor } from '@maillage/domain';
import {
  type EventStore,
  type EventToAppend,
  type JsonObject,
  SqliteEventStore,
} from '@maillage/event-store';

export const GIEN = 'commune:45155';
export const BRIARE = 'commune:45053';
export const LOIRET = 'departement:45';
export const CC_GIENNOISES = 'epci:244500211';
export const CATEGORIES = ['roads.departmental', 'waste.collection', 'public_lighting'] as const;

/** A clock the tests move: every append is recorded at `clock.now`. */
export class TestClock {
  constructor(public current = new Date('2026-11-29T08:00:00.000Z')) {}
  readonly now = (): Date => this.current;
  advance(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

let sequence = 0;
const id = (prefix: string) => `${prefix}-${(++sequence).toString(16).padStart(8, '0')}`;

function event(
  type: string,
  data: JsonObject,
  actor: { authority: string; connector: string | null },
  clock: TestClock,
  correlationId: string,
  causationId: string | null,
  personal: JsonObject | null = null,
): EventToAppend {
  const eventId = id('evt');
  return {
    eventId,
    type,
    data,
    personal,
    metadata: {
      eventId,
      correlationId,
      causationId,
      actor,
      occurredAt: new Date(clock.current.getTime() - 30_000).toISOString(),
      recordedAt: clock.current.toISOString(),
      schemaVersion: 1,
    },
  };
}

export interface SeededRequest {
  readonly requestId: string;
  readonly streamId: string;
  readonly origin: string;
  readonly category: string;
  readonly targets: string[];
}

/**
 * Files `count` requests and moves them on, interleaved so that streams alternate in the global
 * log: filing + routing (one append), acknowledgement, a status change, a comment; every third
 * request is transferred from Loiret to CC Giennoises, every fourth closed. The clock moves one
 * minute per append.
 */
export async function seedRequests(
  store: EventStore,
  clock: TestClock,
  count: number,
): Promise<SeededRequest[]> {
  const requests: SeededRequest[] = [];
  const revisions = new Map<string, number>();
  const append = async (request: SeededRequest, events: EventToAppend[]) => {
    const expected = revisions.get(request.streamId);
    const result = await store.appendToStream(request.streamId, events, {
      expectedRevision: expected ?? 'no_stream',
    });
    revisions.set(request.streamId, result.nextExpectedRevision);
    clock.advance(1);
  };
  for (let i = 0; i < count; i++) {
    const requestId = id('req');
    const origin = i % 2 === 0 ? GIEN : BRIARE;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const target = category === 'roads.departmental' ? LOIRET : CC_GIENNOISES;
    const request = {
      requestId,
      streamId: streamIdFor(requestId),
      origin,
      category,
      targets: [target],
    };
    requests.push(request);
    const correlationId = id('cor');
    const filed = event(
      'RequestFiled',
      {
        requestId,
        source: { authority: origin, connector: 'gien-grc', externalId: `EXT-${i}` },
        channel: 'counter',
        category,
        description: `Demande ${i}`,
        location: { inseeCode: origin.slice(8), address: `${i} rue Louis Blanc` },
        attachments: [],
        filedAt: clock.current.toISOString(),
      },
      { authority: origin, connector: 'gien-grc' },
      clock,
      correlationId,
      null,
      { name: `Citoyen ${i}`, email: `citoyen${i}@example.org` },
    );
    const routed = event(
      'RequestRouted',
      {
        requestId,
        targets: [target],
        rule: { id: 'competence', version: '1' },
        reason: 'competence',
      },
      { authority: origin, connector: null },
      clock,
      correlationId,
      filed.eventId,
    );
    await append(request, [filed, routed]);
  }
  for (const [i, request] of requests.entries()) {
    const target = request.targets[0]!;
    const correlationId = id('cor');
    await append(request, [
      event(
        'RequestAcknowledged',
        { requestId: request.requestId, authority: target, externalReference: `T-${i}` },
        { authority: target, connector: 'target-grc' },
        clock,
        correlationId,
        null,
      ),
    ]);
  }
  for (const [i, request] of requests.entries()) {
    const target = request.targets[0]!;
    const correlationId = id('cor');
    const changed = event(
      'StatusChanged',
      {
        requestId: request.requestId,
        from: 'acknowledged',
        to: 'in_progress',
        authority: target,
        raw: { code: 'INSTR', label: 'En instruction' },
        note: null,
      },
      { authority: target, connector: 'target-grc' },
      clock,
      correlationId,
      null,
    );
    const comment = event(
      'CommentAdded',
      {
        requestId: request.requestId,
        authority: target,
        text: `Commentaire ${i}`,
        visibility: 'internal',
      },
      { authority: target, connector: 'target-grc' },
      clock,
      correlationId,
      changed.eventId,
    );
    await append(request, [changed, comment]);
    if (i % 6 === 0 && target === LOIRET) {
      const transferred = event(
        'RequestTransferred',
        {
          requestId: request.requestId,
          from: LOIRET,
          to: [CC_GIENNOISES],
          reason: 'compétence transférée',
          rule: { id: 'override', version: '1' },
        },
        { authority: LOIRET, connector: 'loiret-grc' },
        clock,
        correlationId,
        null,
      );
      const rerouted = event(
        'RequestRouted',
        {
          requestId: request.requestId,
          targets: [CC_GIENNOISES],
          rule: { id: 'override', version: '1' },
          reason: 'transfer',
        },
        { authority: LOIRET, connector: null },
        clock,
        correlationId,
        transferred.eventId,
      );
      await append(request, [transferred, rerouted]);
      request.targets.push(CC_GIENNOISES);
    }
    if (i % 4 === 3) {
      await append(request, [
        event(
          'RequestClosed',
          {
            requestId: request.requestId,
            authority: request.targets.at(-1)!,
            outcome: 'resolved',
            raw: { code: 'CLOS', label: 'Clôturée' },
            note: null,
          },
          { authority: request.targets.at(-1)!, connector: 'target-grc' },
          clock,
          correlationId,
          null,
        ),
      ]);
    }
  }
  return requests;
}

/** A fresh SQLite store in a temporary directory, with a test clock. */
export function tempSqliteStore(clock: TestClock): {
  store: SqliteEventStore;
  path: string;
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-audit-'));
  const path = join(dir, 'events.sqlite');
  return { store: new SqliteEventStore({ path, now: clock.now, pollIntervalMs: 50 }), path, dir };
}
