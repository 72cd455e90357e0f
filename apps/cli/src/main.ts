import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runCli } from './cli';

// stdout is the commands' JSON: the libraries' logs (the security log's echo of an erasure among
// them, kept in its own files anyway) would corrupt it. Errors still go to stderr.
Logger.overrideLogger(['error']);

// `npx maillage …` (bin/maillage.js) and `node dist/apps/cli/src/main.js …`.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch(() => {
    process.exitCode = 70;
  });
