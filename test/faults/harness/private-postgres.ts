import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the fault suite's own (initdb into a temporary directory, run as the
 * `postgres` OS user when we are root), so that stopping it with `pg_ctl stop -m immediate` —
 * a crash as far as PostgreSQL knows: no checkpoint, WAL replay at the next start — disturbs
 * nobody else's tests. fsync stays on: the point is what survives a crash.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(port: number): Promise<PrivatePostgres> {
    const bin = postgresBin();
    const dir = mkdtempSync(join(tmpdir(), 'maillage-faults-pg-'));
    mkdirSync(join(dir, 'socket'));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      for (const path of [dir, join(dir, 'socket')])
        chownSync(path, Number(stdout.trim()), Number(gid.trim()));
    }
    const cluster = new PrivatePostgres(bin, dir, port);
    await cluster.asPostgres('initdb', [
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await cluster.start();
    return cluster;
  }

  async start(): Promise<void> {
    await this.asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'postgres.log'),
      '-o',
      `-p ${this.port} -k ${join(this.dir, 'socket')} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=32MB`,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** A crash as PostgreSQL sees it: every backend killed, no shutdown checkpoint. */
  async stopImmediate(): Promise<void> {
    await this.asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-m',
      'immediate',
      '-w',
      'stop',
    ]);
  }

  async destroy(): Promise<void> {
    await this.stopImmediate().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async asPostgres(tool: string, args: string[]): Promise<void> {
    const path = join(this.bin, tool);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', path, ...args]);
    else await run(path, args);
  }
}

/** The newest `/usr/lib/postgresql/<version>/bin`, or PG_BIN. */
function postgresBin(): string {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL binaries in /usr/lib/postgresql (set PG_BIN)');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}
