/**
 * The languages table: file extension → grammar → ecosystem → comment syntax, read by
 * everything that asks what a file is (team rules, job definitions, test-first, suppression
 * comments) and by the build, which copies every grammar of GRAMMAR_NAMES into the package.
 * Pure data: scripts/build.mjs imports it.
 */

/** The grammars Preflight parses with, all from @vscode/tree-sitter-wasm (VS Code's own prebuilt grammars). */
export const GRAMMAR_NAMES = [
  'ruby',
  'python',
  'typescript',
  'tsx',
  'javascript',
  'go',
  'java',
  'rust',
  'c-sharp',
  'php',
  'css',
  'bash',
] as const;
export type GrammarName = (typeof GRAMMAR_NAMES)[number];

/**
 * The languages a team rule's `language:` may name, with the grammar each reads code with: every
 * grammar of the bundle. The config schema's enum lists the same names (a unit test keeps them equal).
 */
export const PATTERN_LANGUAGES = {
  typescript: 'typescript',
  tsx: 'tsx',
  javascript: 'javascript',
  python: 'python',
  ruby: 'ruby',
  go: 'go',
  java: 'java',
  rust: 'rust',
  csharp: 'c-sharp',
  php: 'php',
  css: 'css',
  bash: 'bash',
} as const satisfies Record<string, GrammarName>;
export type PatternLanguage = keyof typeof PATTERN_LANGUAGES;

/**
 * ast-grep's names and aliases of its languages (case does not matter), for rule files written
 * for ast-grep: `TypeScript`, `ts`, `CSharp`, `cs`, `rs`, `py`, `sh`...
 */
const AST_GREP_LANGUAGES: Readonly<Record<string, PatternLanguage>> = {
  typescript: 'typescript',
  ts: 'typescript',
  tsx: 'tsx',
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  python: 'python',
  py: 'python',
  ruby: 'ruby',
  rb: 'ruby',
  go: 'go',
  golang: 'go',
  java: 'java',
  rust: 'rust',
  rs: 'rust',
  csharp: 'csharp',
  cs: 'csharp',
  'c#': 'csharp',
  php: 'php',
  css: 'css',
  bash: 'bash',
  sh: 'bash',
};

/** A language named as ast-grep names it, as a team rule's `language:`; undefined for one Preflight has no grammar for. */
export function patternLanguageOf(astGrepName: string): PatternLanguage | undefined {
  const name = astGrepName.toLowerCase();
  return Object.hasOwn(AST_GREP_LANGUAGES, name) ? AST_GREP_LANGUAGES[name] : undefined;
}

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

// JavaScript has its own grammar (which reads JSX too), as in ast-grep; test-first reads it as TSX.
const JAVASCRIPT = { comments: SLASHES, grammar: 'javascript', symbolGrammar: 'tsx', ecosystem: 'javascript' } as const;
const JSX = { comments: SLASHES, grammar: 'javascript', symbolGrammar: 'tsx', ecosystem: 'javascript' } as const;
const TSX = { comments: SLASHES, grammar: 'tsx', symbolGrammar: 'tsx', ecosystem: 'javascript' } as const;
const TYPESCRIPT = { comments: SLASHES, grammar: 'typescript', symbolGrammar: 'typescript', ecosystem: 'javascript' } as const;

/** By lower-case extension. The order of an ecosystem's extensions is the order test-first tries source files in. */
const BY_EXTENSION: Readonly<Record<string, FileLanguage>> = {
  js: JAVASCRIPT,
  jsx: JSX,
  ts: TYPESCRIPT,
  tsx: TSX,
  mjs: JAVASCRIPT,
  cjs: JAVASCRIPT,
  mts: TYPESCRIPT,
  cts: TYPESCRIPT,
  py: { comments: HASH, grammar: 'python', symbolGrammar: 'python', ecosystem: 'python' },
  rb: { comments: HASH, grammar: 'ruby', symbolGrammar: 'ruby', ecosystem: 'ruby' },
  go: { comments: SLASHES, grammar: 'go', symbolGrammar: 'go', ecosystem: 'go' },
  java: { comments: SLASHES, grammar: 'java', symbolGrammar: 'java', ecosystem: 'java' },
  kt: { comments: SLASHES },
  kts: { comments: SLASHES },
  scala: { comments: SLASHES },
  rs: { comments: SLASHES, grammar: 'rust' },
  c: { comments: SLASHES },
  h: { comments: SLASHES },
  cc: { comments: SLASHES },
  cpp: { comments: SLASHES },
  hpp: { comments: SLASHES },
  cs: { comments: SLASHES, grammar: 'c-sharp' },
  swift: { comments: SLASHES },
  dart: { comments: SLASHES },
  prisma: { comments: SLASHES },
  json: { comments: SLASHES },
  jsonc: { comments: SLASHES },
  php: { comments: { line: ['//', '#'], block: { open: '/*', close: '*/' } }, grammar: 'php' },
  css: { comments: { line: [], block: { open: '/*', close: '*/' } }, grammar: 'css' },
  rake: { comments: HASH },
  pyi: { comments: HASH },
  yml: { comments: HASH },
  yaml: { comments: HASH },
  sh: { comments: HASH, grammar: 'bash' },
  bash: { comments: HASH, grammar: 'bash' },
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

/** The first extension the table reads with a grammar (`rs` for rust): for an example file of a rule in that language. */
export function extensionOfGrammar(grammar: GrammarName): string | undefined {
  return Object.entries(BY_EXTENSION).find(([, language]) => language.grammar === grammar)?.[0];
}
