// Bundles the extension and the CLI with esbuild. ESM-only dependencies are fine: esbuild
// turns everything into the CommonJS that VS Code and `node dist/cli.js` load.
//   node scripts/build.mjs               development build with source maps
//   node scripts/build.mjs --production  minified, no source maps (what `npm run package` ships)
//   node scripts/build.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tsImport } from 'tsx/esm/api';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// What a build is made of (sources, schemas, locked dependencies, this script): the CLI keys its
// on-disk caches with it, so a cache never outlives the code that wrote it. A watch build changes
// under it, so it keeps no cache.
const buildInputs = [
  'package-lock.json',
  'scripts/build.mjs',
  ...['src', 'schemas'].flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => `${dir}/${f}`)),
]
  .filter((file) => /\.(ts|json|mjs)$/.test(file))
  .sort();
const buildId = watch
  ? 'undefined'
  : JSON.stringify(
      buildInputs
        .reduce((hash, file) => hash.update(file).update('\0').update(readFileSync(file)), createHash('sha256'))
        .digest('hex')
        .slice(0, 32),
    );

// The .preflight.yml validator goes into the bundles compiled (ajv's standalone code): compiling
// the schema at start-up cost more than anything else a `preflight check` did before its first git call.
const { configValidatorSource } = await tsImport('../src/core/config/config-validator.ts', import.meta.url);
const precompiledConfigValidator = {
  name: 'precompiled-config-validator',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]core[\\/]config[\\/]config-validator\.ts$/ }, () => ({
      contents: `${configValidatorSource()}\nconst precompiled = module.exports;\nmodule.exports = { compileConfigValidator: () => precompiled };\n`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

// Parsers that only some runs need sit in files of their own beside the bundles, loaded by the
// core's dynamic import() (or a deferred require() where the caller is synchronous) on first use: a
// run that reads no SQL never even compiles libpg-query's loader, one without regex rules no RE2, one
// without YAML files no YAML parser.
const LAZY_FILES = {
  'web-tree-sitter': { file: 'lazy-web-tree-sitter.js', contents: "export * from 'web-tree-sitter';" },
  re2js: { file: 'lazy-re2js.js', contents: "export * from 're2js';" },
  ajv: { file: 'lazy-ajv.js', contents: "export { default } from 'ajv';" },
  yaml: { file: 'lazy-yaml.js', contents: "export * from 'yaml';" },
  pg: { file: 'lazy-pg.js', contents: "export * from 'pg';" },
  'toml-eslint-parser': { file: 'lazy-toml-eslint-parser.js', contents: "export * from 'toml-eslint-parser';" },
  'libpg-query/wasm/libpg-query.js': {
    file: 'lazy-libpg-query.js',
    contents: "export { default } from 'libpg-query/wasm/libpg-query.js';",
  },
};
const lazyFiles = {
  name: 'lazy-files',
  setup(build) {
    build.onResolve({ filter: /^(web-tree-sitter|re2js|ajv|yaml|pg|toml-eslint-parser|libpg-query\/wasm\/libpg-query\.js)$/ }, (args) =>
      args.kind === 'dynamic-import' || args.kind === 'require-call'
        ? { path: `./${LAZY_FILES[args.path].file}`, external: true }
        : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
  // ESM-only dependencies (web-tree-sitter's ESM build) read import.meta.url, which a CommonJS
  // bundle does not have: give them the bundle's own URL.
  define: { 'import.meta.url': '__preflightImportMetaUrl', PREFLIGHT_BUILD: buildId },
  // node-postgres loads its optional libpq binding only when asked for it (pg.native); Preflight uses the pure-JavaScript client.
  external: ['pg-native'],
  plugins: [precompiledConfigValidator, lazyFiles],
};
const importMetaUrlBanner = "const __preflightImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

// import() of a lazy file becomes a plain require(): Node's ESM loader would cost more than the file.
const bundle = { ...common, supported: { 'dynamic-import': false } };

const targets = [
  {
    ...bundle,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', 'pg-native'],
    banner: { js: importMetaUrlBanner },
  },
  // Written as the function Node's loader would wrap it in: the launcher compiles the file as it reads it (src/cli/launcher.ts).
  // Without comments and blank space (names kept, so a PREFLIGHT_DEBUG stack still names its functions):
  // every run reads, decodes and keeps this source, and 0.9 MB instead of 1.2 took a one-file scan 12 ms less (bench).
  {
    ...bundle,
    entryPoints: ['src/cli/index.ts'],
    outfile: 'dist/cli-bundle.js',
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: `(function (exports, require, module, __filename, __dirname) { ${importMetaUrlBanner}` },
    footer: { js: '})' },
  },
  // `preflight`: a few kilobytes that start dist/cli-bundle.js from V8's code cache (src/cli/launcher.ts).
  { ...common, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', sourcemap: false, banner: { js: '#!/usr/bin/env node' } },
  // A scan of many files spreads them over worker threads (src/core/engine/scan-threads.ts), each running this beside the CLI bundle.
  { ...bundle, entryPoints: ['src/core/engine/scan-worker.ts'], outfile: 'dist/scan-worker.js', banner: { js: importMetaUrlBanner } },
  ...Object.values(LAZY_FILES).map(({ file, contents }) => ({
    ...common,
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    outfile: `dist/${file}`,
    banner: { js: importMetaUrlBanner },
  })),
];

// The parsers are WebAssembly; their loaders look for the .wasm files beside the bundle. The
// grammars are the ones the languages table lists (src/core/syntax/languages.ts), so the package cannot lack one.
const { GRAMMAR_NAMES } = await tsImport('../src/core/syntax/languages.ts', import.meta.url);
const WASM_FILES = [
  'node_modules/libpg-query/wasm/libpg-query.wasm',
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  ...GRAMMAR_NAMES.map((grammar) => `node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-${grammar}.wasm`),
];

await rm('dist', { recursive: true, force: true });
await mkdir('dist', { recursive: true });
await Promise.all(WASM_FILES.map((file) => copyFile(file, `dist/${file.split('/').pop()}`)));
// The PostgreSQL parser starts with the memory it needs rather than 128 MB (scripts/wasm-initial-memory.ts).
const { withLowerInitialMemory } = await tsImport('./wasm-initial-memory.ts', import.meta.url);
await writeFile('dist/libpg-query.wasm', withLowerInitialMemory(await readFile('dist/libpg-query.wasm')));
if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
  await chmod('dist/cli.js', 0o755);
}
