import { main } from './main';
import { runsBaselineWasmByDefault } from '../core/syntax/wasm-tiers';

// Started by launcher.ts (dist/cli.js), which sets V8's flags and loads this bundle from the code cache.
runsBaselineWasmByDefault();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`preflight: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
