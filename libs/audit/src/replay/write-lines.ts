import type { Writable } from 'node:stream';

/**
 * Writes lines to `out` honouring back-pressure: when `write` says the buffer is full, waits for
 * `drain` before pulling the next line, so a slow reader slows the replay instead of filling
 * memory. Rejects if `out` fails or closes early. Does not end `out`. Returns the lines written.
 */
export async function writeLines(lines: AsyncIterable<string>, out: Writable): Promise<number> {
  let count = 0;
  for await (const line of lines) {
    if (out.destroyed) throw new Error('output closed before the replay ended');
    count++;
    if (!out.write(line)) await drained(out);
  }
  return count;
}

function drained(out: Writable): Promise<void> {
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
