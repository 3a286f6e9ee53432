import { setFlagsFromString } from 'node:v8';

let baselineOnlyByDefault = false;

/**
 * Says that this process runs V8 with `--liftoff-only`, as the CLI's launcher does (its reasons
 * are there): the WebAssembly compiled from now on gets baseline code only, except what
 * `compiledOptimisable` compiles. Called by the CLI's entry points; the editor never calls it.
 */
export function runsBaselineWasmByDefault(): void {
  baselineOnlyByDefault = true;
}

/**
 * Compiles tree-sitter's runtime or a grammar with V8's optimising tier allowed: on 1,000
 * TypeScript files its parses take about 25% less CPU. V8 reads the flags when it compiles a
 * module and keeps them for that module, so they are lifted only while it compiles, then set as
 * the launcher set them (V8's code cache of the CLI bundle is checked against them at exit).
 */
export async function compiledOptimisable<T>(compile: () => Promise<T>): Promise<T> {
  if (!baselineOnlyByDefault) return compile();
  // --liftoff-only also turned off tiering up, and both kinds of it must come back.
  setFlagsFromString('--no-liftoff-only');
  setFlagsFromString('--wasm-tier-up');
  setFlagsFromString('--wasm-dynamic-tiering');
  try {
    return await compile();
  } finally {
    setFlagsFromString('--liftoff-only');
  }
}
