/**
 * Jest globalSetup of the Kafka integration suites (runs once, in the jest parent process:
 * the variables it sets in process.env are inherited by the workers).
 *
 * - KAFKA_BROKERS set: that broker is used as it is; only its readiness is checked.
 * - Otherwise: `deploy/local/kafka.sh start` (installs the jars if needed, starts a local KRaft
 *   broker unless one is already running and ready) and KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT.
 * - No broker: under CI=true the run fails; otherwise KAFKA_UNAVAILABLE=<reason> and the Kafka
 *   suites skip themselves (see kafka-test-env.ts).
 * test/kafka/global-teardown.ts stops the broker only if this setup started it (and KAFKA_KEEP is unset).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { inCi, waitForBrokers } from './kafka-test-env';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const KAFKA_SH = path.join(REPO_ROOT, 'deploy', 'local', 'kafka.sh');
/** Shared with global-teardown.ts: jest runs both in the same process and global scope. */
export const STARTED_KEY = '__maillageKafkaStartedBySetup';

/**
 * Runs deploy/local/kafka.sh, echoing its messages (stderr) and returning them (output) apart
 * from what it prints on stdout (for `start`: "started <pid>" | "running <pid>" | "external").
 */
export function runKafkaSh(
  command: string,
  timeoutMs: number,
): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [KAFKA_SH, command], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      output += `\n[global-setup] kafka.sh ${command} timed out after ${timeoutMs / 1000}s\n`;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout });
    });
  });
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  try {
    const given = process.env.KAFKA_BROKERS?.trim();
    if (given) {
      const brokers = given
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean);
      await waitForBrokers(brokers, 30_000);
      process.stderr.write(`[kafka global-setup] using KAFKA_BROKERS=${given}\n`);
      return;
    }
    const port = process.env.KAFKA_PORT ?? '9092';
    // Includes the first install (Maven download), hence the long timeout.
    const start = await runKafkaSh('start', 15 * 60_000);
    if (start.code !== 0) {
      // kafka.sh already printed the tail of the broker log; keep the gist for the reason.
      const errorLine =
        start.output
          .split('\n')
          .reverse()
          .find((l) => /error/i.test(l))
          ?.trim() ?? lastLines(start.output, 1);
      throw new Error(
        `deploy/local/kafka.sh start failed (exit ${start.code}): ${errorLine}\n${lastLines(start.output, 15)}`,
      );
    }
    // "started <pid>": this run launched the broker, so the teardown stops it. Decided from
    // kafka.sh's own answer, not from a status check beforehand: another run may start the
    // broker between the two (kafka.sh serialises starts with a lock).
    const outcome = lastLines(start.stdout, 1);
    const launchedHere = outcome.startsWith('started ');
    (globalThis as Record<string, unknown>)[STARTED_KEY] = launchedHere;
    process.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
    delete process.env.KAFKA_UNAVAILABLE;
    process.stderr.write(
      `[kafka global-setup] KAFKA_BROKERS=${process.env.KAFKA_BROKERS} ` +
        `(${launchedHere ? 'broker started' : `broker already there: ${outcome}`}, ` +
        `${((Date.now() - t0) / 1000).toFixed(1)}s)\n`,
    );
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (inCi()) {
      throw new Error(`Kafka is required under CI=true but is not available: ${reason}`, {
        cause: e,
      });
    }
    process.env.KAFKA_UNAVAILABLE = reason.split('\n')[0]!;
    delete process.env.KAFKA_BROKERS;
    process.stderr.write(
      `[kafka global-setup] no Kafka broker, the Kafka suites will be skipped: ${reason}\n`,
    );
  }
}
