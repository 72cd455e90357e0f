import { createHash } from 'node:crypto';

import type { RecordedEvent } from '../event-store.port';

/**
 * The fields of a recorded event that its integrity hash covers. The global `position` is left
 * out on purpose: it is assigned at commit (after hashing, in group commits) and, on
 * EventStoreDB, by the server. `previousHash` chains the event to the one before it in its stream,
 * so altering, removing or reordering any event breaks every hash after it.
 */
export type EventHashInput = Pick<
  RecordedEvent,
  | 'streamId'
  | 'revision'
  | 'type'
  | 'eventId'
  | 'data'
  | 'personal'
  | 'metadata'
  | 'recordedAt'
  | 'previousHash'
>;

/**
 * SHA-256 (lower-case hex) of `canonicalJson` of exactly the `EventHashInput` fields. Every
 * adapter calls this one function, and an auditor recomputes it from what the store returns:
 * any change here invalidates every stored chain, so it must never change for a given version.
 * Extra properties on `input` (a whole `RecordedEvent`, say) are ignored.
 */
export function computeEventHash(input: EventHashInput): string {
  const covered: EventHashInput = {
    streamId: input.streamId,
    revision: input.revision,
    type: input.type,
    eventId: input.eventId,
    data: input.data,
    personal: input.personal,
    metadata: input.metadata,
    recordedAt: input.recordedAt,
    previousHash: input.previousHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

/**
 * Same result as `computeEventHash`, for adapters that already hold the canonical JSON of
 * `data`, `personal` and `metadata` (they store exactly that text): it splices them into the
 * canonical envelope instead of serialising them twice. The members are written in sorted key
 * order by hand — `event-hash.spec.ts` checks it agrees with `computeEventHash`.
 */
export function computeEventHashFromCanonicalParts(
  fields: Omit<EventHashInput, 'data' | 'personal' | 'metadata'>,
  canonical: { readonly data: string; readonly personal: string | null; readonly metadata: string },
): string {
  const text =
    `{"data":${canonical.data},"eventId":${JSON.stringify(fields.eventId)},` +
    `"metadata":${canonical.metadata},"personal":${canonical.personal ?? 'null'},` +
    `"previousHash":${JSON.stringify(fields.previousHash)},"recordedAt":${JSON.stringify(fields.recordedAt)},` +
    `"revision":${canonicalJson(fields.revision)},"streamId":${JSON.stringify(fields.streamId)},` +
    `"type":${JSON.stringify(fields.type)}}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Deterministic JSON: object keys sorted recursively (by UTF-16 code units, as RFC 8785 JCS
 * does), no whitespace, strings and numbers written as `JSON.stringify` writes them (which is
 * JCS's number format). Like `JSON.stringify`, it drops object properties whose value is
 * `undefined`, writes `undefined` array items as `null` and honours `toJSON`, so that
 * `canonicalJson(JSON.parse(canonicalJson(v))) === canonicalJson(v)`: what a store writes and
 * reads back hashes the same.
 *
 * Throws a `TypeError` naming the path on what JSON cannot carry faithfully — NaN, ±Infinity
 * (JSON.stringify would silently write `null`, and the stored event would no longer match its
 * hash), bigint, and cycles.
 */
export function canonicalJson(value: unknown): string {
  const path: Array<string | number> = [];
  try {
    return write(value, path, new Set());
  } catch (error) {
    if (error instanceof NotJsonError) {
      const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      throw new TypeError(`$${where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

class NotJsonError extends Error {}

/** Hot path of every append: the path is only tracked (push/pop), and formatted on error. */
function write(value: unknown, path: Array<string | number>, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${value} is not valid JSON`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new NotJsonError(`a ${typeof value} is not valid JSON`);
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), path, ancestors);
  if (ancestors.has(value)) throw new NotJsonError('cyclic structure');
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      path.push(index);
      if (index > 0) out += ',';
      out +=
        item === undefined || typeof item === 'function' || typeof item === 'symbol'
          ? 'null'
          : write(item, path, ancestors);
      path.pop();
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    out = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') {
        continue;
      }
      path.push(key);
      out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, path, ancestors)}`;
      path.pop();
      first = false;
    }
    out += '}';
  }
  ancestors.delete(value);
  return out;
}
