// Loads the deliverer's TypeScript for the crash test's child processes, like
// `ts-node/register/transpile-only`, but keeps each file's JavaScript in MAILLAGE_TS_CACHE: the
// test starts a dozen deliverers, and transpiling the whole app again at every start would take
// most of a 2-core machine's time. The cache key is the file's path and content.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const cacheDir = process.env.MAILLAGE_TS_CACHE;
if (!cacheDir) throw new Error('MAILLAGE_TS_CACHE: a directory for the transpiled files');
mkdirSync(cacheDir, { recursive: true });
let compilerOptions = null;

function transpile(source, fileName) {
  const ts = require('typescript');
  if (!compilerOptions) {
    const project = process.env.TS_NODE_PROJECT;
    const { config } = ts.readConfigFile(project, ts.sys.readFile);
    compilerOptions = {
      ...ts.convertCompilerOptionsFromJson(config.compilerOptions, join(project, '..')).options,
      module: ts.ModuleKind.CommonJS,
      sourceMap: false,
      inlineSourceMap: true,
      declaration: false,
    };
  }
  return ts.transpileModule(source, { compilerOptions, fileName }).outputText;
}

require.extensions['.ts'] = (module, fileName) => {
  const source = readFileSync(fileName, 'utf8');
  const key = createHash('sha256').update(fileName).update('\0').update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, fileName);
    // Written aside then renamed: two deliverers starting at once never read half a file.
    writeFileSync(`${cached}.${process.pid}`, code);
    renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(code, fileName);
};
