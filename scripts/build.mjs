// Bundles the extension and the CLI with esbuild. ESM-only dependencies are fine: esbuild
// turns everything into the CommonJS that VS Code and `node dist/cli.js` load.
//   node scripts/build.mjs               development build with source maps
//   node scripts/build.mjs --production  minified, no source maps (what `npm run package` ships)
//   node scripts/build.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { chmod, copyFile, mkdir, rm } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
  define: { 'import.meta.url': '__preflightImportMetaUrl' },
};
const importMetaUrlBanner = "const __preflightImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: importMetaUrlBanner } },
  { ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrlBanner}` } },
];

// The parsers are WebAssembly; their loaders look for the .wasm files beside the bundle.
// Add a tree-sitter grammar here when an analyzer starts reading that language.
const WASM_FILES = [
  'node_modules/libpg-query/wasm/libpg-query.wasm',
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-ruby.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-java.wasm',
];

await rm('dist', { recursive: true, force: true });
await mkdir('dist', { recursive: true });
await Promise.all(WASM_FILES.map((file) => copyFile(file, `dist/${file.split('/').pop()}`)));
if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
  await chmod('dist/cli.js', 0o755);
}
