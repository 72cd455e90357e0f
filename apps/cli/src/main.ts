import 'reflect-metadata';
import { runCli } from './cli';

// `npx maillage …` (bin/maillage.js) and `node dist/apps/cli/src/main.js …`.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch(() => {
    process.exitCode = 70;
  });
