import { setFlagsFromString } from 'node:v8';
import { main } from './main';

// The parsers are WebAssembly, and V8's optimising tier spends far more compiling them (the
// PostgreSQL grammar's one huge function above all) than a CLI run gains: with baseline code only,
// a one-file scan, an 800-file scan and a 20,000-file scan each take less CPU and ~25% less memory (bench).
// Set before any module is compiled; the editor's extension host keeps V8's defaults.
setFlagsFromString('--liftoff-only');
// V8 doubles the young generation while a run allocates quickly, up to 32 MB of mostly empty
// space: a 1,000-file scan peaked 11 MB higher for it and spent no less CPU (bench). Worker threads share the flag.
setFlagsFromString('--semi-space-growth-factor=1');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`preflight: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
