import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = join(__dirname, '..', '..', '..');
const SCRIPT = join(REPO, 'deploy', 'local', 'kafka.sh');

/**
 * A Kafka broker of the fault suite's own (deploy/local/kafka.sh with a temporary KAFKA_HOME and
 * its own port), so that killing it disturbs nobody else. It reuses the jars the shared broker was
 * installed with (KAFKA_LIBS): nothing is downloaded when `kafka.sh install` ran once.
 */
export class PrivateKafka {
  private constructor(
    private readonly home: string,
    readonly port: number,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  static async create(port: number): Promise<PrivateKafka> {
    const broker = new PrivateKafka(mkdtempSync(join(tmpdir(), 'maillage-faults-kafka-')), port);
    await broker.start();
    return broker;
  }

  async start(): Promise<void> {
    await run('bash', [SCRIPT, 'start'], { env: this.env(), timeout: 180_000 });
  }

  /** kill -9 of the broker's JVM: no controlled shutdown, the log is recovered at the next start. */
  async kill(): Promise<void> {
    const pidFile = join(this.home, 'kafka.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.home, { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    const libs = join(REPO, 'deploy', 'local', '.kafka', 'libs');
    return {
      ...process.env,
      KAFKA_HOME: this.home,
      KAFKA_PORT: String(this.port),
      ...(existsSync(libs) ? { KAFKA_LIBS: libs } : {}),
      KAFKA_HEAP_OPTS: process.env['FAULT_KAFKA_HEAP_OPTS'] ?? '-Xms128m -Xmx384m',
    };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2];
    return state !== 'Z';
  } catch {
    return false;
  }
}
