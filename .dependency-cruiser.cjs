/**
 * Import-graph rules for `pnpm check:cycles`: the files of each package form a graph without
 * cycles, type-only imports included (a cycle of types today is a cycle of values tomorrow).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A package’s modules must not import each other in a circle: move what both need into a module that imports neither.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/', '/test/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
};
