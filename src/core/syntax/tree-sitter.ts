import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import type { GrammarName } from './languages';
import { rememberNodeFacts } from './node-facts';
import { compiledWithTiers, optimisable } from './wasm-tiers';

/** The grammars are the languages table's (languages.ts), which the build copies beside the bundle. */
export { GRAMMAR_NAMES, type GrammarName } from './languages';

type TreeSitter = typeof import('web-tree-sitter');

/** Loaded on the first parse: most runs read no file of a tree-sitter language (the bundles keep it in a file of its own). */
let loading: Promise<TreeSitter> | undefined;
let loaded: TreeSitter | undefined;
let runtime: Promise<void> | undefined;
const parsers = new Map<GrammarName, Promise<Parser>>();

/**
 * Parses text into a syntax tree. The caller must call `tree.delete()` when done: trees live
 * in WebAssembly memory, which the JavaScript garbage collector does not see. Given the
 * previous tree of the same file, already `edit()`ed, only the edited region is re-parsed.
 */
export async function parseSyntax(grammar: GrammarName, text: string, editedOldTree?: Tree): Promise<Tree> {
  const parser = await parserFor(grammar);
  const tree = parser.parse(text, editedOldTree);
  if (!tree) throw new Error(`the ${grammar} parser returned no tree`);
  return tree;
}

function parserFor(grammar: GrammarName): Promise<Parser> {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = (async () => {
      loading ??= import('web-tree-sitter');
      const { Language, Node, Parser } = (loaded = await loading);
      rememberNodeFacts(Node);
      runtime ??= compiledWithTiers(optimisable(), () =>
        Parser.init({
          locateFile: (name: string) => wasmPath(name, () => join(packageDir('web-tree-sitter/web-tree-sitter.wasm'), name)),
        }),
      );
      await runtime;
      const file = `tree-sitter-${grammar}.wasm`;
      const language = await compiledWithTiers(optimisable(grammar), () =>
        Language.load(wasmPath(file, () => join(packageDir('@vscode/tree-sitter-wasm/package.json'), 'wasm', file))),
      );
      const instance = new Parser();
      instance.setLanguage(language);
      return instance;
    })();
    parsers.set(grammar, parser);
  }
  return parser;
}

/** web-tree-sitter's classes, for code that holds a tree (so a parse has loaded them). */
export function treeSitter(): TreeSitter {
  if (!loaded) throw new Error('web-tree-sitter is used before any parse loaded it');
  return loaded;
}

/** In the bundle the .wasm files sit beside the code (scripts/build.mjs copies them); in development, in node_modules. */
function wasmPath(file: string, fromPackage: () => string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : fromPackage();
}

function packageDir(entry: string): string {
  return dirname(require.resolve(entry));
}
