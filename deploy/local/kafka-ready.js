#!/usr/bin/env node
/*
 * Readiness probe of a Kafka broker, used by deploy/local/kafka.sh (and usable by hand).
 *
 * An open port is not readiness: a KRaft broker accepts connections before it has caught up
 * with the metadata log, and answers CreateTopics / Metadata / FindCoordinator with retriable
 * errors for a while. The broker is called ready when, through the kafkajs admin client:
 *   1. the readiness topic can be created (or already exists),
 *   2. its metadata can be fetched and every partition has a leader,
 *   3. the group coordinator answers (this creates __consumer_offsets on a fresh broker, so the
 *      first consumer group of a test does not pay for it),
 *   4. an idempotent producer gets a producer id (InitProducerId: on a fresh broker the
 *      coordinator answers COORDINATOR_LOAD_IN_PROGRESS until it has a block of ids).
 * Everything is retried until the deadline.
 *
 * Usage: node deploy/local/kafka-ready.js [--brokers 127.0.0.1:9092] [--deadline 90]
 *                                         [--topic maillage.readiness] [--pid 1234] [--quiet]
 *   --brokers   comma-separated list (default: $KAFKA_BROKERS, else 127.0.0.1:$KAFKA_PORT or 9092)
 *   --deadline  seconds before giving up (default 90)
 *   --pid       give up at once if this process dies (the broker being waited for)
 * Exit code: 0 ready, 1 not ready by the deadline (or the broker process died), 2 bad usage.
 */
'use strict';

const path = require('node:path');

function parseArgs(argv) {
  const args = {
    brokers: process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || '9092'}`,
    deadline: 90,
    topic: 'maillage.readiness',
    pid: undefined,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) usage(`missing value after ${a}`);
      return v;
    };
    if (a === '--brokers') args.brokers = next();
    else if (a === '--deadline') args.deadline = Number(next());
    else if (a === '--topic') args.topic = next();
    else if (a === '--pid') args.pid = Number(next());
    else if (a === '--quiet') args.quiet = true;
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isFinite(args.deadline) || args.deadline <= 0) usage('--deadline must be > 0');
  return args;
}

function usage(msg) {
  process.stderr.write(`kafka-ready: ${msg}\n`);
  process.exit(2);
}

function loadKafkajs() {
  // Resolve kafkajs from the repository, whatever the current directory is.
  const repoRoot = path.resolve(__dirname, '..', '..');
  try {
    return require(require.resolve('kafkajs', { paths: [repoRoot, process.cwd()] }));
  } catch (e) {
    process.stderr.write(
      `kafka-ready: cannot load kafkajs (run 'npm ci' in ${repoRoot}): ${e.message}\n`,
    );
    process.exit(2);
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function probeOnce(Kafka, brokers, topic, timeLeftMs) {
  const kafka = new Kafka({
    clientId: 'maillage-kafka-ready',
    brokers,
    logLevel: 0, // NOTHING: failures are reported by this script
    connectionTimeout: 3000,
    requestTimeout: Math.max(3000, Math.min(10000, timeLeftMs)),
    // One attempt per probe: the outer loop retries, and checks the deadline and the pid.
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    try {
      await admin.createTopics({
        topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
        waitForLeaders: true,
        timeout: 5000,
      });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const meta = topics.find((t) => t.name === topic);
    if (!meta || meta.partitions.length === 0) {
      throw new Error(`topic ${topic} has no partitions in the metadata yet`);
    }
    const leaderless = meta.partitions.filter((p) => p.leader === undefined || p.leader < 0);
    if (leaderless.length > 0) {
      throw new Error(`topic ${topic}: ${leaderless.length} partition(s) without a leader`);
    }
    // FindCoordinator: on a fresh broker this creates __consumer_offsets; kafkajs raises
    // COORDINATOR_NOT_AVAILABLE until it is there.
    await admin.describeGroups([`${topic}.probe`]);
    // InitProducerId, as sent by every idempotent producer on connect.
    const producer = kafka.producer({
      idempotent: true,
      retry: { retries: 1, maxRetryTime: 2000 },
    });
    try {
      await producer.connect();
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
    return meta.partitions.length;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function isAlreadyExists(e) {
  const all = [e, ...(Array.isArray(e && e.errors) ? e.errors : [])];
  return all.some(
    (x) =>
      x && (x.type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(String(x.message || ''))),
  );
}

function describeError(e) {
  if (!e) return 'unknown error';
  const parts = [e.type ? `${e.type}: ${e.message}` : String(e.message || e)];
  if (Array.isArray(e.errors)) {
    for (const x of e.errors) parts.push(x && (x.type || x.message));
  }
  return parts.filter(Boolean).join(' / ');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { Kafka } = loadKafkajs();
  const brokers = args.brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const started = Date.now();
  const deadline = started + args.deadline * 1000;
  let attempts = 0;
  let lastError;
  while (Date.now() < deadline) {
    if (args.pid !== undefined && !processAlive(args.pid)) {
      process.stderr.write(
        `kafka-ready: broker process ${args.pid} exited while waiting for readiness` +
          (lastError ? ` (last probe error: ${describeError(lastError)})` : '') +
          '\n',
      );
      process.exit(1);
    }
    attempts++;
    try {
      const partitions = await probeOnce(Kafka, brokers, args.topic, deadline - Date.now());
      if (!args.quiet) {
        process.stdout.write(
          `kafka-ready: ${brokers.join(',')} ready after ${((Date.now() - started) / 1000).toFixed(1)}s ` +
            `(${attempts} probe(s); topic ${args.topic}, ${partitions} partition(s) with a leader; group coordinator and producer ids up)\n`,
        );
      }
      return;
    } catch (e) {
      lastError = e;
      await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
    }
  }
  process.stderr.write(
    `kafka-ready: ${brokers.join(',')} not ready after ${args.deadline}s (${attempts} probe(s)); ` +
      `last error: ${describeError(lastError)}\n`,
  );
  process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`kafka-ready: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
