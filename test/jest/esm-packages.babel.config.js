// NestJS 12 ships as ES modules only. Node 20 loads them from our CommonJS build through
// require(esm), but Jest's module runtime cannot on Node 20, so Jest compiles those packages to
// CommonJS with this configuration (see jest.config.ts `transformIgnorePatterns`).

/** ESM files may declare their own `require` (createRequire); it would shadow CommonJS's. */
function renameOwnRequire() {
  return {
    visitor: {
      Program(path) {
        if (path.scope.hasOwnBinding('require')) path.scope.rename('require', '__esmOwnRequire');
      },
    },
  };
}

module.exports = {
  plugins: [
    renameOwnRequire,
    'babel-plugin-transform-import-meta',
    '@babel/plugin-transform-dynamic-import',
    '@babel/plugin-transform-modules-commonjs',
  ],
};
