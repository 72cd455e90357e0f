/**
 * Jest globalTeardown of the Kafka integration suites: stops the local broker if
 * global-setup.ts started it, unless KAFKA_KEEP is set (to keep it for the next run:
 * `KAFKA_KEEP=1 npx jest ...`, then `deploy/local/kafka.sh stop`).
 */
import { STARTED_KEY, runKafkaSh } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  if (g[STARTED_KEY] !== true) return;
  if (process.env.KAFKA_KEEP) {
    process.stderr.write('[kafka global-teardown] KAFKA_KEEP is set: the broker keeps running\n');
    return;
  }
  const stop = await runKafkaSh('stop', 90_000);
  g[STARTED_KEY] = false;
  if (stop.code !== 0) {
    throw new Error(`deploy/local/kafka.sh stop failed (exit ${stop.code}): ${stop.output.trim()}`);
  }
}
