import { ERASED } from '@maillage/personal-data';
import {
  CLOUD_EVENT_HEADERS,
  DEAD_LETTER_HEADERS,
  type Message,
  type MessageHeaders,
} from '@maillage/messaging';

import type { DeadLetterReplay } from '../keys/dead-letter-key-store.port';
import type { OpenedDeadLetter } from '../sealing/dead-letter-vault';

/** A dead letter as the admin API and the CLI show it. */
export interface DeadLetterView {
  /** `<partition>-<offset>` on the dead-letter topic. */
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
  readonly consumer: string | null;
  readonly code: string | null;
  readonly reason: string | null;
  readonly attempts: number | null;
  readonly failedAt: string | null;
  readonly source: {
    readonly topic: string | null;
    readonly partition: number | null;
    readonly offset: string | null;
  };
  /** The original record's key (clear on the topic). */
  readonly key: string | null;
  /**
   * `clear` (a consumer without personal data), `sealed` (opened here with its key), `erased`
   * (key destroyed by an erasure), `key-unknown` (expired, or sealed by another hub).
   */
  readonly sealing: OpenedDeadLetter['sealing'];
  /** The original's headers: the CloudEvents ones, and those the seal carried. */
  readonly headers: MessageHeaders;
  /** The original value: JSON when it parses, else text; `[effacé]` once erased; null unknown. */
  readonly payload: unknown;
  readonly erasedAt: string | null;
  /** The first replay, if any. */
  readonly replay: { readonly topic: string; readonly replayedAt: string } | null;
}

/** The view of `letter`, opened as `opened`. */
export function deadLetterView(
  letter: Message,
  opened: OpenedDeadLetter,
  replay: DeadLetterReplay | null,
): DeadLetterView {
  const h = letter.headers;
  const d = DEAD_LETTER_HEADERS;
  const attempts = Number(h[d.attempts]);
  const sourcePartition = h[d.sourcePartition];
  const cloudEvent = Object.fromEntries(
    Object.values(CLOUD_EVENT_HEADERS).flatMap((name) =>
      h[name] === undefined ? [] : [[name, h[name]] as const],
    ),
  );
  const content = 'content' in opened ? opened.content : null;
  return {
    id: deadLetterId(letter.partition ?? 0, letter.offset ?? '0'),
    partition: letter.partition ?? 0,
    offset: letter.offset ?? '0',
    consumer: h[d.consumer] ?? null,
    code: h[d.errorCode] ?? null,
    reason: h[d.reason] ?? null,
    attempts: Number.isSafeInteger(attempts) ? attempts : null,
    failedAt: h[d.failedAt] ?? null,
    source: {
      topic: h[d.sourceTopic] ?? null,
      partition: sourcePartition ? Number(sourcePartition) : null,
      offset: h[d.sourceOffset] || null,
    },
    key: letter.key,
    sealing: opened.sealing,
    headers: { ...cloudEvent, ...(content?.headers ?? {}) },
    payload: opened.sealing === 'erased' ? ERASED : content ? payloadOf(content.value) : null,
    erasedAt: opened.sealing === 'erased' ? opened.erasedAt : null,
    replay: replay ? { topic: replay.topic, replayedAt: replay.replayedAt } : null,
  };
}

/** The id of the dead letter at `offset` of `partition`. */
export function deadLetterId(partition: number, offset: string): string {
  return `${partition}-${offset}`;
}

function payloadOf(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
