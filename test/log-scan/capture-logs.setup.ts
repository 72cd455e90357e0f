/**
 * Jest `setupFilesAfterEnv` module, run before each test file: tees everything a test process writes
 * — Nest's logger and anything else on process.stdout / process.stderr, and the console — to
 * `<MAILLAGE_LOG_CAPTURE_DIR>/<pid>.log`, so that global-teardown.ts can scan the logs of the
 * whole suite for personal data. Output still reaches the terminal as before.
 *
 * The streams are patched once per process (they outlive a test file's module registry); each
 * test file then names itself in the capture and wraps its own console. Child processes a test
 * spawns are captured only if the test echoes their output.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_FILE_MARKER } from './scan-logs';

const CAPTURE = Symbol.for('maillage.logCapture');

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;
type Capturing = NodeJS.WriteStream & { [CAPTURE]?: true };
type JestConsoleClass = { write?: (...args: unknown[]) => unknown; [CAPTURE]?: true };

const dir = process.env['MAILLAGE_LOG_CAPTURE_DIR'];
if (dir) {
  const file = join(dir, `${process.pid}.log`);
  const record = (text: string): void => {
    try {
      appendFileSync(file, text);
    } catch {
      // The capture must never be why a test fails.
    }
  };
  for (const stream of [process.stdout, process.stderr] as Capturing[]) {
    if (stream[CAPTURE]) continue;
    stream[CAPTURE] = true;
    const write = stream.write.bind(stream) as Write;
    (stream as { write: Write }).write = (chunk, ...rest) => {
      record(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return write(chunk, ...rest);
    };
  }
  // Jest's console keeps a test's messages and hands them to the reporter, off the streams, through
  // one static `write` of its class (shared by the test files of a process). Wrapping it, rather
  // than console.log and co, keeps the call site jest prints: it hides the frames above `write`.
  // A console that prints straight to the streams (--verbose) is captured there instead.
  const jestConsole = console.constructor as unknown as JestConsoleClass;
  if (typeof jestConsole.write === 'function' && !jestConsole[CAPTURE]) {
    jestConsole[CAPTURE] = true;
    const write = jestConsole.write;
    jestConsole.write = function (this: unknown, ...args: unknown[]) {
      if (typeof args[2] === 'string') record(`${args[2]}\n`);
      return write.apply(this, args);
    };
  }
  record(`\n${TEST_FILE_MARKER}${expect.getState().testPath ?? '?'}\n`);
}
