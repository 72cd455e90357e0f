import fc from 'fast-check';
import { type FuzzHub, fuzzParameters, type HttpAnswer } from './fuzz-hub';
import { invalidArbitrary, type Mutation } from './invalid-arbitrary';
import type { JsonSchema } from './json-schema';
import { type GenerationContext, validArbitrary } from './valid-arbitrary';

/** One operation with a body, and what the fuzz needs to call it for real. */
export interface FuzzedOperation {
  readonly method: 'POST' | 'PATCH';
  /** The path as the OpenAPI document names it: `/v1/requests/{id}/status`. */
  readonly template: string;
  /** What distinguishes two fuzzings of one operation (a dialect), in test names. */
  readonly variant?: string;
  readonly url: () => string;
  readonly headers: () => Record<string, string>;
  readonly body: JsonSchema;
  readonly context: GenerationContext;
  /**
   * The share of valid bodies the hub must accept (2xx): a body the schema allows may still be
   * refused for the request's state (a second acknowledgement, a transition from closed), but a
   * fuzz whose valid inputs are all refused tests nothing.
   */
  readonly minAccepted: number;
  /**
   * Undoes an accepted call, so that the next valid body meets the same state: a subscription or
   * a webhook secret is capped per connector, and the valid fuzz would otherwise test the cap
   * 998 times out of 1 000.
   */
  readonly afterAccepted?: (answer: HttpAnswer) => Promise<void>;
  /**
   * The rules across fields that the schema does not state, applied to valid bodies (a latitude
   * goes with a longitude): the result must stay schema-valid.
   */
  readonly crossField?: (body: Record<string, unknown>) => void;
  /** Send bodies as forms (Open311): flat, every value text. */
  readonly form?: boolean;
  /** The mutations the invalid fuzz keeps (all by default). */
  readonly mutations?: (mutation: Mutation) => boolean;
}

export function nameOf(operation: FuzzedOperation): string {
  const name = `${operation.method} ${operation.template}`;
  return operation.variant ? `${name} (${operation.variant})` : name;
}

/**
 * Valid bodies: never a 5xx, every answer as documented; mostly accepted. Refusals are allowed
 * only as documented 4xx problems (the request's state, a second acknowledgement…).
 */
export async function fuzzValid(fuzz: FuzzHub, operation: FuzzedOperation): Promise<void> {
  let accepted = 0;
  let runs = 0;
  const refusals = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(validArbitrary(operation.context, operation.body), async (generated) => {
      const body = structuredClone(generated);
      operation.crossField?.(body as Record<string, unknown>);
      runs += 1;
      const answer = await fuzz.send(
        operation.method,
        operation.url(),
        operation.headers(),
        body,
        operation.form,
      );
      const breaches = fuzz.breaches(operation.method, operation.template, answer);
      // Jest's matchers capture a stack trace per call: asserted only when something is wrong.
      if (breaches.length > 0) {
        expect({ status: answer.status, breaches }).toEqual({
          status: answer.status,
          breaches: [],
        });
      }
      if (answer.status < 300) {
        accepted += 1;
        await operation.afterAccepted?.(answer);
      } else {
        // A problem's code and field; GeoReport's errors have a description only.
        const [first] = [answer.body].flat() as {
          code?: string | number;
          field?: string;
          description?: string;
        }[];
        const named = first?.field ?? first?.description?.slice(0, 60);
        const refusal = `${String(first?.code ?? answer.status)}${named === undefined ? '' : ` ${named}`}`;
        refusals.set(refusal, (refusals.get(refusal) ?? 0) + 1);
      }
    }),
    fuzzParameters(`${nameOf(operation)} valid`),
  );
  const share = accepted / runs;
  if (share < operation.minAccepted) {
    throw new Error(
      `${nameOf(operation)}: ${accepted}/${runs} valid bodies accepted; refusals: ${JSON.stringify([...refusals])}`,
    );
  }
}

/**
 * Invalid bodies: each a documented 4xx naming the field at fault (when the break has a place),
 * and nothing recorded by the whole batch.
 */
export async function fuzzInvalid(fuzz: FuzzHub, operation: FuzzedOperation): Promise<void> {
  const head = await fuzz.head();
  await fc.assert(
    fc.asyncProperty(
      invalidArbitrary(operation.context, operation.body).filter(
        ({ mutation }) => operation.mutations?.(mutation) ?? true,
      ),
      async ({ value, mutation }) => {
        const answer = await fuzz.send(
          operation.method,
          operation.url(),
          operation.headers(),
          value,
          operation.form,
        );
        const outcome = {
          mutation,
          status: answer.status >= 400 && answer.status < 500 ? '4xx' : answer.status,
          breaches: fuzz.breaches(operation.method, operation.template, answer),
          named: namesField(answer.body, mutation),
        };
        if (outcome.status !== '4xx' || outcome.breaches.length > 0 || !outcome.named) {
          // The answer on both sides: shown in the failure, compared to itself.
          expect({ ...outcome, answer: answer.body }).toEqual({
            mutation,
            status: '4xx',
            breaches: [],
            named: true,
            answer: answer.body,
          });
        }
      },
    ),
    fuzzParameters(`${nameOf(operation)} invalid`),
  );
  expect(await fuzz.head()).toBe(head);
}

/** Whether the answer names the broken field: its last key, in `field`, `errors` or the text. */
function namesField(body: unknown, mutation: Mutation): boolean {
  const keys = mutation.pointer.split('/').filter((key) => key !== '' && !/^\d+$/.test(key));
  const last = keys[keys.length - 1];
  if (last === undefined) return true;
  const key = last.replace(/~1/g, '/').replace(/~0/g, '~');
  // As the answer's JSON writes it (a `\` in a key is `\\` there), or as a pointer names it.
  const text = JSON.stringify(body);
  return [key, last].some((name) => text.includes(JSON.stringify(name).slice(1, -1)));
}
