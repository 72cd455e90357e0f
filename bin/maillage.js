#!/usr/bin/env node
'use strict';
// Launcher of the `maillage` CLI: runs the compiled app (npm run build writes dist/).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('maillage: not built yet; run `npm run build` first\n');
  process.exit(70);
}
require(main);
