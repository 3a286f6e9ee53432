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
};

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

// The PostgreSQL parser is WebAssembly; its loader looks for the .wasm beside the bundle.
const WASM_FILES = ['node_modules/libpg-query/wasm/libpg-query.wasm'];

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
