import { STORED_FIELD_COUNT, type StoredEventPage } from '../stored-log.port';

/** Bytes and events a page holds at most (a larger single event gets a page of its own size). */
const PAGE_BYTES = 256 * 1024;
const PAGE_EVENTS = 1024;
/** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01). */
const PG_EPOCH_MS = 946_684_800_000;
const FIXED_FIELDS = 3;
const FIELDS = FIXED_FIELDS + STORED_FIELD_COUNT;

/**
 * Fills pages from the tuples of a binary COPY of `storedLogCopySql`'s columns: the three binary
 * integers are decoded, the text fields copied as they come (one copy per event) and located by
 * `spans`. The source buffer is copied from synchronously: the `pg` protocol parser reuses it.
 */
export class StoredEventPageBuilder {
  private bytes: Buffer;
  private used = 0;
  private length = 0;
  private positions = new Float64Array(PAGE_EVENTS);
  private revisions = new Float64Array(PAGE_EVENTS);
  private recordedAtMs = new Float64Array(PAGE_EVENTS);
  private spans = new Int32Array(PAGE_EVENTS * STORED_FIELD_COUNT * 2);

  constructor(private readonly onPage: (page: StoredEventPage) => void) {
    this.bytes = Buffer.allocUnsafe(PAGE_BYTES);
  }

  /**
   * Adds the tuple starting at `offset` if `source` holds all of it; returns the offset after it,
   * or -1 when the tuple is cut (the caller keeps the rest for the next CopyData message).
   */
  addTuple(source: Buffer, offset: number): number {
    const end = source.length;
    if (offset + 2 > end) return -1;
    const fields = source.readInt16BE(offset);
    if (fields !== FIELDS) throw new Error(`stored log: expected ${FIELDS} columns, got ${fields}`);
    // Walk the field lengths first: the tuple must be whole before anything is copied.
    let at = offset + 2;
    let textStart = 0;
    for (let field = 0; field < FIELDS; field++) {
      if (field === FIXED_FIELDS) textStart = at;
      if (at + 4 > end) return -1;
      const size = source.readInt32BE(at);
      at += 4 + (size > 0 ? size : 0);
      if (at > end) return -1;
    }
    const textSize = at - textStart;
    if (this.length === PAGE_EVENTS || this.used + textSize > this.bytes.length) {
      this.flush();
      if (textSize > this.bytes.length) this.bytes = Buffer.allocUnsafe(textSize);
    }
    const row = this.length++;
    let field = offset + 2;
    this.positions[row] = int64(source, field + 4);
    field += 12;
    this.revisions[row] = source.readInt32BE(field + 4);
    field += 8;
    this.recordedAtMs[row] = Math.floor(int64(source, field + 4) / 1000) + PG_EPOCH_MS;
    source.copy(this.bytes, this.used, textStart, at);
    let inPage = this.used;
    let span = row * STORED_FIELD_COUNT * 2;
    for (let text = 0; text < STORED_FIELD_COUNT; text++) {
      const size = this.bytes.readInt32BE(inPage);
      inPage += 4;
      this.spans[span++] = size < 0 ? -1 : inPage;
      if (size > 0) inPage += size;
      this.spans[span++] = size < 0 ? -1 : inPage;
    }
    this.used = inPage;
    return at;
  }

  /** Hands the page filled so far, if any, and starts a new one. */
  flush(): void {
    if (this.length === 0) return;
    this.onPage({
      length: this.length,
      positions: this.positions,
      revisions: this.revisions,
      recordedAtMs: this.recordedAtMs,
      bytes: this.bytes,
      spans: this.spans,
    });
    this.bytes = Buffer.allocUnsafe(PAGE_BYTES);
    this.used = 0;
    this.length = 0;
    this.positions = new Float64Array(PAGE_EVENTS);
    this.revisions = new Float64Array(PAGE_EVENTS);
    this.recordedAtMs = new Float64Array(PAGE_EVENTS);
    this.spans = new Int32Array(PAGE_EVENTS * STORED_FIELD_COUNT * 2);
  }
}

/** A signed 64-bit big-endian integer, exact below 2^53 (positions, microsecond instants). */
function int64(source: Buffer, offset: number): number {
  return source.readInt32BE(offset) * 4_294_967_296 + source.readUInt32BE(offset + 4);
}
