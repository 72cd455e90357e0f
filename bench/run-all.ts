/**
 * `npm run bench`: every benchmark of the project, one after the other (never concurrently: they
 * would measure each other), each with its own in-run baseline and ratio, gathered into one
 * Markdown report with the machine it ran on — `bench/REPORT.md` unless BENCH_REPORT names another
 * file. `BENCH_ONLY=ingest,kafka` runs a subset; a benchmark that fails is reported as such and
 * the others still run (the exit code is then 1).
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const ALL = [
  'dialects',
  'ingest',
  'kafka',
  'delivery',
  'replay',
  'personal-data',
  'sustained',
] as const;

function main(): void {
  const only = process.env['BENCH_ONLY']?.split(',').map((name) => name.trim());
  const wanted = ALL.filter((name) => !only || only.includes(name));
  const scripts = (JSON.parse(execFileSync('npm', ['pkg', 'get', 'scripts']).toString()) ??
    {}) as Record<string, string>;
  const started = new Date();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
  const dirty = execFileSync('git', ['status', '--porcelain']).toString().trim() !== '';
  const sections: string[] = [];
  let failed = 0;
  for (const name of wanted) {
    const script = `bench:${name}`;
    if (!scripts[script]) {
      sections.push(`## ${name}\n\nNot run: no \`${script}\` script in package.json.\n`);
      continue;
    }
    console.log(`\n=== ${script}`);
    const begin = Date.now();
    const result = spawnSync('npm', ['run', '--silent', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    process.stdout.write(result.stdout ?? '');
    const seconds = Math.round((Date.now() - begin) / 1000);
    const ok = result.status === 0;
    if (!ok) failed += 1;
    sections.push(
      [
        `## ${name}`,
        '',
        `\`npm run ${script}\` — ${ok ? 'done' : `**failed (exit ${result.status})**`} in ${seconds} s.`,
        '',
        (result.stdout ?? '').trim(),
        '',
      ].join('\n'),
    );
  }
  const [one, five] = loadavg();
  const report = [
    '# Maillage benchmark report',
    '',
    `Run of ${started.toISOString()} on commit \`${commit}\`${dirty ? ' (with uncommitted changes)' : ''}:`,
    `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, load average ${one!.toFixed(1)} / ${five!.toFixed(1)} at the start.`,
    '',
    'Each figure is a median over several runs next to its baseline measured in the same run, and',
    'their ratio: these machines are shared and noisy, so absolute figures vary from run to run,',
    'ratios much less. Each section is what the benchmark printed.',
    '',
    ...sections,
  ].join('\n');
  const file = process.env['BENCH_REPORT'] ?? 'bench/REPORT.md';
  writeFileSync(file, `${report}\n`);
  console.log(`\nreport written to ${file}${failed ? `; ${failed} benchmark(s) failed` : ''}`);
  process.exitCode = failed ? 1 : 0;
}

main();
