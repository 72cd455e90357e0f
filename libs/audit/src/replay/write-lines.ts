import type { Writable } from 'node:stream';

/** Lines are joined into chunks of about this size before being written (one `write` each). */
const MAX_CHUNK = 64 * 1024;

/**
 * Writes lines to `out` honouring back-pressure: when `write` says the buffer is full, waits for
 * `drain` before pulling the next line, so a slow reader slows the replay instead of filling
 * memory. Lines are joined into chunks of up to `out`'s high-water mark (64 KiB at most) so that a
 * million lines are not a million `write` calls; the chunk is written as soon as it reaches that
 * size, so at most one chunk is held beyond what `out` buffers. Rejects if `out` fails or closes
 * early. Does not end `out`. Returns the lines written.
 */
export async function writeLines(lines: AsyncIterable<string>, out: Writable): Promise<number> {
  const chunkSize = Math.max(1, Math.min(MAX_CHUNK, out.writableHighWaterMark));
  let count = 0;
  let chunk = '';
  for await (const line of lines) {
    if (out.destroyed) throw new Error('output closed before the replay ended');
    count++;
    chunk += line;
    if (chunk.length >= chunkSize) {
      const more = out.write(chunk);
      chunk = '';
      if (!more) await drained(out);
    }
  }
  if (chunk !== '') {
    if (out.destroyed) throw new Error('output closed before the replay ended');
    if (!out.write(chunk)) await drained(out);
  }
  return count;
}

/** Resolves on `out`'s next `drain`; rejects if it fails or closes first. */
export function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('output closed before the replay ended'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}
