import type { Pool, PoolClient } from 'pg';

import type { StoredEventPage, StoredLogSelection } from '../stored-log.port';
import { storedLogCopySql } from './postgres-stored-log.sql';
import { StoredEventPageBuilder } from './stored-event-page.builder';
import { translatePgError } from './translate-pg-error';

/** Pages read ahead of the consumer before the socket is paused. */
const PAGES_AHEAD = 2;
/** `PGCOPY\n\377\r\n\0`, then a 32-bit flags field and the header extension's length. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;

/** What the `pg` client hands a query object it did not build (a "submittable"). */
interface CopyConnection {
  query(text: string): void;
  readonly stream: { pause(): void; resume(): void; destroy(): void };
}

/**
 * The selected events as pages, read with one `COPY ... TO STDOUT (FORMAT binary)` on a
 * connection of its own: the rows cross the wire once and are not decoded. Back-pressure: when
 * `PAGES_AHEAD` pages wait for the consumer, the connection's socket is paused, so PostgreSQL
 * blocks on sending (TCP flow control) until the consumer takes one; memory holds those pages plus
 * one socket read. A consumer that stops early leaves a COPY half-read: that connection's socket
 * is destroyed (the server's next write fails and its backend ends) rather than returned to the
 * pool.
 */
export async function* readStoredLogPages(
  pool: Pool,
  s: string,
  selection: StoredLogSelection,
): AsyncGenerator<StoredEventPage> {
  const sql = storedLogCopySql(s, selection);
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw translatePgError(error);
  }
  const copy = new StoredLogCopy(sql);
  let finished = false;
  try {
    // The client calls `submit` with its connection when the query's turn comes.
    void client.query(copy as never);
    for (;;) {
      const page = await copy.next();
      if (page === null) break;
      yield page;
    }
    finished = true;
  } finally {
    if (!finished) copy.abandon();
    client.release(finished ? undefined : new Error('stored log read abandoned'));
  }
}

/** A `pg` submittable running the COPY and cutting its binary stream into pages. */
class StoredLogCopy {
  private readonly ready: StoredEventPage[] = [];
  private readonly builder = new StoredEventPageBuilder((page) => this.ready.push(page));
  private connection: CopyConnection | null = null;
  private paused = false;
  private headerRead = false;
  private trailerRead = false;
  private carry: Buffer | null = null;
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  constructor(readonly text: string) {}

  /** The next page, null after the last one; rejects with the query's error. */
  async next(): Promise<StoredEventPage | null> {
    for (;;) {
      const page = this.ready.shift();
      if (page) {
        if (this.paused && this.ready.length < PAGES_AHEAD) {
          this.paused = false;
          this.connection?.stream.resume();
        }
        return page;
      }
      if (this.failure !== null) throw translatePgError(this.failure);
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Closes the socket under a COPY left half-read: a paused socket would never see its end. */
  abandon(): void {
    this.connection?.stream.destroy();
  }

  submit(connection: CopyConnection): void {
    this.connection = connection;
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    try {
      this.read(message.chunk);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.ready.length >= PAGES_AHEAD && !this.paused) {
      this.paused = true;
      this.connection?.stream.pause();
    }
    this.notify();
  }

  handleCommandComplete(): void {
    if (!this.trailerRead && this.failure === null) {
      this.fail(new Error('stored log: COPY ended without its trailer'));
    }
    this.builder.flush();
  }

  handleReadyForQuery(): void {
    this.ended = true;
    this.notify();
  }

  handleError(error: unknown): void {
    this.fail(error);
  }

  handleRowDescription(): void {
    this.fail(new Error('stored log: expected COPY data, got rows'));
  }

  handleDataRow(): void {}

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleCopyInResponse(): void {
    this.fail(new Error('stored log: expected COPY TO'));
  }

  private read(chunk: Buffer): void {
    const source = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = null;
    let offset = 0;
    if (!this.headerRead) {
      if (source.length < HEADER_BYTES) {
        this.carry = Buffer.from(source);
        return;
      }
      if (!source.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
        throw new Error('stored log: not a binary COPY stream');
      }
      offset = HEADER_BYTES + source.readUInt32BE(SIGNATURE.length + 4);
      this.headerRead = true;
    }
    while (offset + 2 <= source.length) {
      if (source.readInt16BE(offset) === -1) {
        this.trailerRead = true;
        return;
      }
      const next = this.builder.addTuple(source, offset);
      if (next === -1) break;
      offset = next;
    }
    // A tuple cut between two CopyData messages (the protocol allows it): kept, copied, since
    // the parser reuses its buffer.
    if (offset < source.length) this.carry = Buffer.from(source.subarray(offset));
  }

  private fail(error: unknown): void {
    if (this.failure === null) this.failure = error;
    if (this.paused) {
      this.paused = false;
      this.connection?.stream.resume();
    }
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
