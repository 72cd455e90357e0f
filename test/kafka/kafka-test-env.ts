/**
 * What a Kafka integration suite needs to know about the broker it runs against.
 *
 * test/kafka/global-setup.ts sets, in the jest parent process (so every worker inherits them):
 *   KAFKA_BROKERS      comma-separated host:port list of a READY broker, or
 *   KAFKA_UNAVAILABLE  why there is none (outside CI only: under CI=true the setup fails the run).
 *
 * A suite uses `describeKafka(name, (brokers) => { ... })`, or `kafkaBrokersOrSkip()` directly:
 *   - a broker is there: the suite runs;
 *   - none, outside CI: the suite is reported as skipped, with the reason;
 *   - none, under CI=true: the suite fails (a green CI run must have exercised Kafka).
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';

export const inCi = (): boolean => process.env.CI === 'true';

/** Why there is no broker, or undefined when KAFKA_BROKERS names one. */
export function kafkaUnavailableReason(): string | undefined {
  if (process.env.KAFKA_BROKERS?.trim()) return undefined;
  return (
    process.env.KAFKA_UNAVAILABLE ??
    'KAFKA_BROKERS is not set: run the suite with --globalSetup ./test/kafka/global-setup.ts ' +
      '(or -c test/kafka/jest.config.ts), or start a broker (deploy/local/kafka.sh start) and set KAFKA_BROKERS=127.0.0.1:9092'
  );
}

/**
 * The brokers to use, or undefined if the suite must be skipped (outside CI).
 * Under CI=true a missing broker throws, which fails the suite.
 */
export function kafkaBrokersOrSkip(): string[] | undefined {
  const reason = kafkaUnavailableReason();
  if (reason === undefined) {
    return process.env
      .KAFKA_BROKERS!.split(',')
      .map((b) => b.trim())
      .filter(Boolean);
  }
  return skipOrThrow(`no Kafka broker: ${reason}`);
}

/** Outside CI: warn and return undefined (skip). Under CI=true: throw. */
export function skipOrThrow(reason: string): undefined {
  if (inCi()) {
    throw new Error(`${reason} (CI=true: Kafka integration tests may not be skipped)`);
  }
  console.warn(`Kafka integration suite skipped: ${reason}`);
  return undefined;
}

export interface Requirement {
  /** e.g. the result of a `kcat -V` probe */
  ok: boolean;
  /** shown when the suite is skipped (or fails under CI) because of it */
  reason: string;
}

/**
 * `describe` that runs only when a broker (and every extra requirement) is available;
 * otherwise a skipped `describe` whose title carries the reason.
 */
export function describeKafka(
  name: string,
  fn: (brokers: string[]) => void,
  requirements: Requirement[] = [],
): void {
  const brokers = kafkaBrokersOrSkip();
  let reason = brokers ? undefined : kafkaUnavailableReason();
  if (brokers) {
    const missing = requirements.find((r) => !r.ok);
    if (missing) {
      skipOrThrow(missing.reason);
      reason = missing.reason;
    }
  }
  if (reason === undefined && brokers) {
    describe(name, () => fn(brokers));
  } else {
    describe.skip(`${name} [skipped: ${reason}]`, () => {
      it('needs a Kafka broker', () => undefined);
    });
  }
}

/** Topic / group name unique to this run (Kafka names: [a-zA-Z0-9._-], at most 249 chars). */
export function uniqueName(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A kafkajs client for tests: quiet (WARN and above), fast-failing connections. */
export function testKafka(
  brokers: string[],
  clientId: string,
  extra: Partial<KafkaConfig> = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    connectionTimeout: 5_000,
    requestTimeout: 15_000,
    ...extra,
  });
}

/**
 * Waits until the brokers answer a Metadata request (DescribeCluster through kafkajs admin).
 * Used for a broker given by KAFKA_BROKERS, which this project does not manage: nothing is created on it.
 */
export async function waitForBrokers(brokers: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const admin = testKafka(brokers, 'maillage-test-readiness', {
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      lastError = new Error('no broker / no controller in the cluster description yet');
    } catch (e) {
      lastError = e;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const msg = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Kafka at ${brokers.join(',')} not ready after ${timeoutMs / 1000}s: ${msg}`);
}

/**
 * Creates a topic and waits until the broker's metadata shows every partition with a leader.
 *
 * Not `createTopics({ waitForLeaders: true })` alone: on a KRaft broker the metadata cache is
 * updated asynchronously after CreateTopics returns, so the metadata request kafkajs sends right
 * after may answer UNKNOWN_TOPIC_OR_PARTITION, which kafkajs' wait does not retry (it only retries
 * LEADER_NOT_AVAILABLE) and throws (kafkajs issues #815, #1563). Returns false if it already existed.
 */
export async function createTopicAndWait(
  admin: Admin,
  topic: string,
  numPartitions: number,
  timeoutMs = 30_000,
): Promise<boolean> {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions, replicationFactor: 1 }],
    waitForLeaders: false,
  });
  const deadline = Date.now() + timeoutMs;
  let last = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
      const withLeader = partitions.filter((p) => p.leader >= 0).length;
      if (partitions.length === numPartitions && withLeader === numPartitions) return created;
      last = `${withLeader}/${numPartitions} partitions with a leader`;
    } catch (e) {
      // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE while the metadata propagates
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`topic ${topic} not usable after ${timeoutMs / 1000}s: ${last}`);
}
