import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

/** One of the hub's apps, run from its TypeScript sources as in relay-crash.int-spec.ts. */
export type AppName = 'gateway' | 'relay' | 'dispatcher' | 'projector' | 'deliverer';

export interface AppOptions {
  readonly name: AppName;
  readonly env: Record<string, string>;
  /** The scenario's directory: `<name>.log` gets the app's error output. */
  readonly dir: string;
  /** Transpiled sources, shared by every start (see webhook-delivery-crash.register.js). */
  readonly cacheDir: string;
  /** Modules preloaded after the app's loader, e.g. the broken relay's patch. */
  readonly preload?: readonly string[];
  /** An HTTP app: the port it listens on; `start` waits for `/health/live`. */
  readonly port?: number;
}

/**
 * Spawns an app, kills it with SIGKILL and starts it again. Each start appends the app's stderr
 * to `<dir>/<name>.log` (never to the test's output: errors during faults are expected and may
 * quote payloads). `kills` counts the SIGKILLs this supervisor sent.
 */
export class AppSupervisor {
  private child: ChildProcess | null = null;
  kills = 0;
  starts = 0;

  constructor(readonly options: AppOptions) {}

  get name(): AppName {
    return this.options.name;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const { name, env, dir, cacheDir, preload = [], port } = this.options;
    const log = openSync(join(dir, `${name}.log`), 'a');
    this.child = spawn(
      process.execPath,
      [
        '-r',
        join(REPO, 'test', 'faults', 'webhook-delivery-crash.register.js'),
        '-r',
        'tsconfig-paths/register',
        ...preload.flatMap((module) => ['-r', module]),
        `apps/${name}/src/main.ts`,
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          ...env,
          ...(port ? { PORT: String(port), HOST: '127.0.0.1' } : {}),
          TS_NODE_PROJECT: join(REPO, 'tsconfig.json'),
          MAILLAGE_TS_CACHE: cacheDir,
        },
        stdio: ['ignore', 'ignore', log],
      },
    );
    closeSync(log);
    this.starts += 1;
    if (port) await this.waitLive(port);
  }

  /** kill -9, and wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.kills += 1;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** SIGTERM (SIGKILL after 10 s): the end of a scenario. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  }

  /** Lines of error output so far (a summary for the report, never echoed). */
  errorLines(): number {
    try {
      return readFileSync(join(this.options.dir, `${this.name}.log`), 'utf8')
        .split('\n')
        .filter(Boolean).length;
    } catch {
      return 0;
    }
  }

  private async waitLive(port: number): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`${this.name} exited at start (see ${this.options.dir}/${this.name}.log)`);
      if (await answers(`http://127.0.0.1:${port}/health/live`)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name} did not answer /health/live within 120 s`);
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
