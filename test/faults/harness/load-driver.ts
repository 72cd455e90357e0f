import { Agent, request } from 'node:http';
import { SeededRandom } from './seeded-random';

/** A GRC tool as the driver uses it: its connector id and its API key. */
export interface DrivenTool {
  readonly id: string;
  readonly inseeCode: string;
  readonly authorization: string;
}

export type OperationKind = 'file' | 'comment' | 'status';

/** One client call and how it ended, after every retry with the same Idempotency-Key. */
export interface Outcome {
  readonly kind: OperationKind;
  readonly idempotencyKey: string;
  /** The tool that acted (the département's for status changes). */
  readonly connector: string;
  /** The tool that filed the request. */
  readonly filer: string;
  /** `acknowledged`: a 2xx answer; `refused`: a final 4xx; `gave-up`: retries exhausted. */
  readonly result: 'acknowledged' | 'refused' | 'gave-up';
  readonly requestId: string | null;
  /** The events the 2xx answer named. */
  readonly eventIds: readonly string[];
  /** The comment's text, to find the event it made (comments may be added any number of times). */
  readonly tag: string | null;
  readonly attempts: number;
  /** Final status and code of a refusal. */
  readonly refusal: string | null;
}

export interface LoadDriverOptions {
  readonly baseUrl: string;
  /** The communes' tools, which file and comment. */
  readonly filers: readonly DrivenTool[];
  /** The département's tool, competent for what is filed: it moves requests along. */
  readonly target: DrivenTool;
  readonly seed: number;
  /** Unique per scenario: external ids and Idempotency-Keys start with it. */
  readonly runId: string;
  /** Requests going through their life at once. */
  readonly concurrency: number;
  /** How long one call may be retried (gateway restarting, store down), default 90 s. */
  readonly retryForMs?: number;
}

/** What the driver counted while it ran. */
export interface LoadStats {
  /** Answers 503 (retriable) seen, and their `code`s. */
  unavailable: number;
  unavailableCodes: Set<string>;
  /** Network errors (connection refused or reset: the gateway was down). */
  networkErrors: number;
  /** Acknowledged calls while `during` was true (see `markWindow`). */
  acknowledgedInWindow: number;
}

/**
 * The seeded load: each lane files a request through a commune's tool (`POST /v1/requests`),
 * comments it, lets the département's tool move it to in progress and resolved, with comments in
 * between — one call after the other per request, lanes in parallel. Every call carries an
 * Idempotency-Key and is retried with the same key after a network error, a 5xx, a 429 or a
 * retriable 409, as a well-behaved client would. The PRNG chooses tools, how many comments and
 * the pauses, so a seed replays the same load.
 */
export class LoadDriver {
  readonly outcomes: Outcome[] = [];
  readonly stats: LoadStats = {
    unavailable: 0,
    unavailableCodes: new Set(),
    networkErrors: 0,
    acknowledgedInWindow: 0,
  };
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });
  private inWindow = false;
  private lanes = 0;
  private inFlight = 0;
  private held: { promise: Promise<void>; release: () => void } | null = null;

  constructor(private readonly options: LoadDriverOptions) {}

  /** Counts acknowledgements from now until `markWindow(false)` (e.g. while Kafka is down). */
  markWindow(open: boolean): void {
    this.inWindow = open;
  }

  /**
   * Holds every call not yet sent, and resolves once those in flight are answered: from then on
   * nothing is appended until `release()` — so that a fault can be played on an idle pipeline.
   */
  async hold(): Promise<void> {
    if (!this.held) {
      let release = (): void => undefined;
      const promise = new Promise<void>((resolve) => (release = resolve));
      this.held = { promise, release };
    }
    while (this.inFlight > 0) await pause(20);
  }

  release(): void {
    this.held?.release();
    this.held = null;
  }

  /** Runs lanes until `stop()` returns true; resolves when the lanes in flight are done. */
  async run(stop: () => boolean): Promise<void> {
    const random = new SeededRandom(this.options.seed);
    const workers = Array.from({ length: this.options.concurrency }, (_, worker) => {
      const own = random.fork();
      return (async () => {
        while (!stop()) await this.lane(own, worker);
      })();
    });
    await Promise.all(workers);
    this.agent.destroy();
  }

  private async lane(random: SeededRandom, worker: number): Promise<void> {
    const n = this.lanes++;
    const filer = random.pick(this.options.filers);
    const prefix = `${this.options.runId}-${worker}-${n}`;
    const filed = await this.call(filer, filer, 'file', `${prefix}-file`, '/v1/requests', {
      source: { externalId: `FAULT-${prefix}` },
      channel: 'web',
      category: 'roads.departmental',
      description: `Nid-de-poule signalé (essai de pannes ${prefix})`,
      location: { inseeCode: filer.inseeCode },
    });
    if (!filed.requestId) return;
    const id = filed.requestId;
    const steps: ('comment' | 'in_progress' | 'resolved')[] = [];
    for (let c = random.int(0, 2); c > 0; c--) steps.push('comment');
    steps.push('in_progress');
    for (let c = random.int(0, 2); c > 0; c--) steps.push('comment');
    if (random.next() < 0.7) steps.push('resolved');
    for (const [index, step] of steps.entries()) {
      await pause(random.int(50, 400));
      const key = `${prefix}-${index}`;
      const outcome =
        step === 'comment'
          ? await this.call(filer, filer, 'comment', key, `/v1/requests/${id}/comments`, {
              text: `note ${key}`,
              visibility: 'public',
            })
          : await this.call(
              this.options.target,
              filer,
              'status',
              key,
              `/v1/requests/${id}/status`,
              {
                to: step,
                raw: { code: step === 'resolved' ? 'TRAITEE' : 'EN_COURS', label: step },
              },
            );
      if (outcome.result !== 'acknowledged') return;
    }
  }

  private async call(
    actor: DrivenTool,
    filer: DrivenTool,
    kind: OperationKind,
    idempotencyKey: string,
    path: string,
    body: Record<string, unknown>,
  ): Promise<Outcome> {
    const deadline = Date.now() + (this.options.retryForMs ?? 90_000);
    let delay = 100;
    let attempts = 0;
    const base = {
      kind,
      idempotencyKey,
      connector: actor.id,
      filer: filer.id,
      tag: kind === 'comment' ? (body['text'] as string) : null,
    };
    for (;;) {
      while (this.held) await this.held.promise;
      attempts += 1;
      this.inFlight += 1;
      const answer = await this.post(actor, idempotencyKey, path, body).finally(
        () => (this.inFlight -= 1),
      );
      if (answer.status >= 200 && answer.status < 300) {
        const parsed = JSON.parse(answer.body) as { id: string; events: { eventId: string }[] };
        if (this.inWindow) this.stats.acknowledgedInWindow += 1;
        return this.record({
          ...base,
          result: 'acknowledged',
          requestId: parsed.id,
          eventIds: parsed.events.map((event) => event.eventId),
          attempts,
          refusal: null,
        });
      }
      const problem = parseProblem(answer.body);
      if (answer.status === 0) this.stats.networkErrors += 1;
      if (answer.status === 503) {
        this.stats.unavailable += 1;
        if (problem.code) this.stats.unavailableCodes.add(problem.code);
      }
      const retriable =
        answer.status === 0 ||
        answer.status >= 500 ||
        answer.status === 429 ||
        (answer.status === 409 && problem.retriable);
      if (!retriable || Date.now() > deadline) {
        return this.record({
          ...base,
          result: retriable ? 'gave-up' : 'refused',
          requestId: null,
          eventIds: [],
          attempts,
          refusal: `${answer.status} ${problem.code ?? ''}`.trim(),
        });
      }
      await pause(delay);
      delay = Math.min(delay * 2, 1000);
    }
  }

  private record(outcome: Outcome): Outcome {
    this.outcomes.push(outcome);
    return outcome;
  }

  /** Status 0: the connection failed or was cut before an answer. */
  private post(
    tool: DrivenTool,
    idempotencyKey: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; body: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve) => {
      const req = request(
        `${this.options.baseUrl}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          timeout: 30_000,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: tool.authorization,
            'idempotency-key': idempotencyKey,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', () => resolve({ status: 0, body: '' }));
        },
      );
      req.on('error', () => resolve({ status: 0, body: '' }));
      req.on('timeout', () => req.destroy());
      req.end(payload);
    });
  }
}

function parseProblem(body: string): { code: string | null; retriable: boolean } {
  try {
    const problem = JSON.parse(body) as { code?: string; retriable?: boolean };
    return { code: problem.code ?? null, retriable: problem.retriable === true };
  } catch {
    return { code: null, retriable: false };
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
