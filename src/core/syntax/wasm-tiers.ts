import { setFlagsFromString } from 'node:v8';
import { languageOf, type GrammarName } from './languages';

/**
 * From how many files of one grammar a run lets V8 optimise tree-sitter's code (`planParses`).
 * Optimising costs a run that parses about 0.4 s of CPU and 20 MB, and saves about a third
 * of each parse: scans of 120-line TypeScript files broke even at 300 files, and 1,000 took 25%
 * less CPU (bench). Below it (a one-file check, a 50-file push, 250 Rails migrations) nothing changes.
 */
export const OPTIMISED_PARSES_FROM = 500;

/** V8's own `--wasm-tiering-budget` (Node 20's V8 11.3). */
const TIERING_BUDGET = 1_800_000;

let baselineOnlyByDefault = false;
let planned = new Map<GrammarName, number>();

/**
 * Says that this process runs V8 with `--liftoff-only`, as the CLI's launcher does (its reasons
 * are there): WebAssembly gets baseline code only, unless `planParses` said a run parses enough
 * files of a grammar. Called by the CLI's entry point; the editor never calls it.
 */
export function runsBaselineWasmByDefault(): void {
  baselineOnlyByDefault = true;
}

/**
 * Says which files a run may parse (at most: the files of tree-sitter's languages), before its first
 * parse. A grammar with `OPTIMISED_PARSES_FROM` files or more, and tree-sitter's runtime, are then
 * compiled with V8's optimising tier allowed; what is already compiled stays as it is.
 */
export function planParses(files: Iterable<string>): void {
  planned = parsesByGrammar(files);
}

/** How many of the files each grammar reads (the languages table's `grammar`), in order of first appearance. */
export function parsesByGrammar(files: Iterable<string>): Map<GrammarName, number> {
  const counts = new Map<GrammarName, number>();
  for (const file of files) {
    const grammar = languageOf(file)?.grammar;
    if (grammar !== undefined) counts.set(grammar, (counts.get(grammar) ?? 0) + 1);
  }
  return counts;
}

/** Whether a grammar (or, with none, tree-sitter's runtime, which every grammar shares) may be optimised by V8. */
export function optimisable(grammar?: GrammarName): boolean {
  if (!baselineOnlyByDefault) return true;
  if (grammar !== undefined) return (planned.get(grammar) ?? 0) >= OPTIMISED_PARSES_FROM;
  for (const count of planned.values()) if (count >= OPTIMISED_PARSES_FROM) return true;
  return false;
}

/**
 * Compiles a WebAssembly module with V8's optimising tier allowed when `optimise` is true and the
 * process runs baseline code only. V8 reads the flags when it compiles a module and keeps them for
 * that module, so they are lifted only while it compiles, then set as the launcher set them (V8's
 * code cache of the CLI bundle is checked against them at exit).
 */
export async function compiledWithTiers<T>(optimise: boolean, compile: () => Promise<T>): Promise<T> {
  if (!baselineOnlyByDefault || !optimise) return compile();
  // --liftoff-only also turned off tiering up, and both kinds of it must come back.
  setFlagsFromString('--no-liftoff-only');
  setFlagsFromString('--wasm-tier-up');
  setFlagsFromString('--wasm-dynamic-tiering');
  // A function is optimised only after a hundred times V8's budget (roughly the bytes it executed): at V8's own,
  // the 20,000-file scan, whose files hardly need a parse, peaked 12 MB higher for code it ran only a few times.
  setFlagsFromString(`--wasm-tiering-budget=${TIERING_BUDGET * 100}`);
  try {
    return await compile();
  } finally {
    setFlagsFromString('--liftoff-only');
    setFlagsFromString(`--wasm-tiering-budget=${TIERING_BUDGET}`);
  }
}
