/**
 * The languages table: file extension → grammar → ecosystem → comment syntax, read by
 * everything that asks what a file is (team rules, job definitions, test-first, suppression
 * comments) and by the build, which copies every grammar of GRAMMAR_NAMES into the package.
 * Pure data: scripts/build.mjs imports it.
 */

/** The grammars Preflight parses with, all from @vscode/tree-sitter-wasm (VS Code's own prebuilt grammars). */
export const GRAMMAR_NAMES = ['ruby', 'python', 'typescript', 'tsx', 'javascript', 'go', 'java'] as const;
export type GrammarName = (typeof GRAMMAR_NAMES)[number];

/** The grammars a team rule's `language:` may name; the config schema's enum lists the same (a unit test keeps them equal). */
export const PATTERN_LANGUAGES = ['typescript', 'tsx', 'javascript', 'python', 'ruby'] as const satisfies readonly GrammarName[];
export type PatternLanguage = (typeof PATTERN_LANGUAGES)[number];

/** The families of test frameworks and scaffolds. */
export type Ecosystem = 'javascript' | 'python' | 'go' | 'ruby' | 'java';

/** How a file writes comments: the tokens that open a line comment and, if any, a block comment. */
export interface CommentSyntax {
  line: string[];
  block?: { open: string; close: string };
}

export interface FileLanguage {
  comments: CommentSyntax;
  /** The grammar team rules (patterns, forbidden imports) and job definitions read the file with. */
  grammar?: GrammarName;
  /** The grammar test-first reads exported symbols and code changes with; it reads JavaScript as TSX, so JSX parses. */
  symbolGrammar?: GrammarName;
  /** The ecosystem whose test frameworks and scaffolds apply to the file. */
  ecosystem?: Ecosystem;
}

const SLASHES: CommentSyntax = { line: ['//'], block: { open: '/*', close: '*/' } };
const HASH: CommentSyntax = { line: ['#'] };
const DASHES: CommentSyntax = { line: ['--'], block: { open: '/*', close: '*/' } };
const MARKUP: CommentSyntax = { line: [], block: { open: '<!--', close: '-->' } };

const JAVASCRIPT = { comments: SLASHES, grammar: 'typescript', symbolGrammar: 'tsx', ecosystem: 'javascript' } as const;
const JSX = { comments: SLASHES, grammar: 'tsx', symbolGrammar: 'tsx', ecosystem: 'javascript' } as const;
const TYPESCRIPT = { comments: SLASHES, grammar: 'typescript', symbolGrammar: 'typescript', ecosystem: 'javascript' } as const;

/** By lower-case extension. The order of an ecosystem's extensions is the order test-first tries source files in. */
const BY_EXTENSION: Readonly<Record<string, FileLanguage>> = {
  js: JAVASCRIPT,
  jsx: JSX,
  ts: TYPESCRIPT,
  tsx: JSX,
  mjs: JAVASCRIPT,
  cjs: JAVASCRIPT,
  mts: TYPESCRIPT,
  cts: TYPESCRIPT,
  py: { comments: HASH, grammar: 'python', symbolGrammar: 'python', ecosystem: 'python' },
  rb: { comments: HASH, grammar: 'ruby', symbolGrammar: 'ruby', ecosystem: 'ruby' },
  go: { comments: SLASHES, symbolGrammar: 'go', ecosystem: 'go' },
  java: { comments: SLASHES, symbolGrammar: 'java', ecosystem: 'java' },
  kt: { comments: SLASHES },
  kts: { comments: SLASHES },
  scala: { comments: SLASHES },
  rs: { comments: SLASHES },
  c: { comments: SLASHES },
  h: { comments: SLASHES },
  cc: { comments: SLASHES },
  cpp: { comments: SLASHES },
  hpp: { comments: SLASHES },
  cs: { comments: SLASHES },
  swift: { comments: SLASHES },
  dart: { comments: SLASHES },
  prisma: { comments: SLASHES },
  json: { comments: SLASHES },
  jsonc: { comments: SLASHES },
  php: { comments: { line: ['//', '#'], block: { open: '/*', close: '*/' } } },
  rake: { comments: HASH },
  pyi: { comments: HASH },
  yml: { comments: HASH },
  yaml: { comments: HASH },
  sh: { comments: HASH },
  bash: { comments: HASH },
  zsh: { comments: HASH },
  toml: { comments: HASH },
  r: { comments: HASH },
  pl: { comments: HASH },
  ex: { comments: HASH },
  exs: { comments: HASH },
  tf: { comments: { line: ['#', '//'], block: { open: '/*', close: '*/' } } },
  sql: { comments: DASHES },
  lua: { comments: DASHES },
  hs: { comments: DASHES },
  html: { comments: MARKUP },
  htm: { comments: MARKUP },
  xml: { comments: MARKUP },
  md: { comments: MARKUP },
  vue: { comments: MARKUP },
  svelte: { comments: MARKUP },
};

/** Files known by their whole name, which wins over the extension. */
const BY_FILE_NAME: Readonly<Record<string, FileLanguage>> = {
  Gemfile: { comments: HASH },
  Rakefile: { comments: HASH },
  Dockerfile: { comments: HASH },
  Makefile: { comments: HASH },
  Procfile: { comments: HASH },
};

/** What the table knows of a repository path (by its file name, else its extension); undefined for an unknown kind of file. */
export function languageOf(path: string): FileLanguage | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (Object.hasOwn(BY_FILE_NAME, name)) return BY_FILE_NAME[name];
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  return Object.hasOwn(BY_EXTENSION, extension) ? BY_EXTENSION[extension] : undefined;
}

/** An ecosystem's source file extensions, in the table's order. */
export function extensionsOf(ecosystem: Ecosystem): string[] {
  return Object.entries(BY_EXTENSION)
    .filter(([, language]) => language.ecosystem === ecosystem)
    .map(([extension]) => extension);
}
