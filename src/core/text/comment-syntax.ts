import { posix } from 'node:path';

/** How a file writes comments: the tokens that open a line comment and, if any, a block comment. */
export interface CommentSyntax {
  line: string[];
  block?: { open: string; close: string };
}

const SLASHES: CommentSyntax = { line: ['//'], block: { open: '/*', close: '*/' } };
const HASH: CommentSyntax = { line: ['#'] };
const DASHES: CommentSyntax = { line: ['--'], block: { open: '/*', close: '*/' } };
const MARKUP: CommentSyntax = { line: [], block: { open: '<!--', close: '-->' } };

const BY_EXTENSION: Record<string, CommentSyntax> = {
  ts: SLASHES,
  tsx: SLASHES,
  mts: SLASHES,
  cts: SLASHES,
  js: SLASHES,
  jsx: SLASHES,
  mjs: SLASHES,
  cjs: SLASHES,
  go: SLASHES,
  java: SLASHES,
  kt: SLASHES,
  kts: SLASHES,
  scala: SLASHES,
  rs: SLASHES,
  c: SLASHES,
  h: SLASHES,
  cc: SLASHES,
  cpp: SLASHES,
  hpp: SLASHES,
  cs: SLASHES,
  swift: SLASHES,
  dart: SLASHES,
  prisma: SLASHES,
  json: SLASHES,
  jsonc: SLASHES,
  php: { line: ['//', '#'], block: { open: '/*', close: '*/' } },
  rb: HASH,
  rake: HASH,
  py: HASH,
  pyi: HASH,
  yml: HASH,
  yaml: HASH,
  sh: HASH,
  bash: HASH,
  zsh: HASH,
  toml: HASH,
  r: HASH,
  pl: HASH,
  ex: HASH,
  exs: HASH,
  tf: { line: ['#', '//'], block: { open: '/*', close: '*/' } },
  sql: DASHES,
  lua: DASHES,
  hs: DASHES,
  html: MARKUP,
  htm: MARKUP,
  xml: MARKUP,
  md: MARKUP,
  vue: MARKUP,
  svelte: MARKUP,
};

const BY_BASENAME: Record<string, CommentSyntax> = {
  Gemfile: HASH,
  Rakefile: HASH,
  Dockerfile: HASH,
  Makefile: HASH,
  Procfile: HASH,
};

const FALLBACK: CommentSyntax = { line: ['#', '//'] };

export function commentSyntaxFor(file: string): CommentSyntax {
  const base = posix.basename(file);
  const byName = BY_BASENAME[base];
  if (byName) return byName;
  const dot = base.lastIndexOf('.');
  const extension = dot >= 0 ? base.slice(dot + 1).toLowerCase() : '';
  return BY_EXTENSION[extension] ?? FALLBACK;
}

/** A whole-line comment holding `body`, in the file's syntax (used by "ignore this line" fixes). */
export function lineComment(file: string, body: string): string {
  const syntax = commentSyntaxFor(file);
  if (syntax.line.length > 0) return `${syntax.line[0]} ${body}`;
  const block = syntax.block ?? { open: '/*', close: '*/' };
  return `${block.open} ${body} ${block.close}`;
}

/** The column (0-based) where a comment opens at or before `index` on this line, or -1. */
export function commentStartBefore(lineText: string, index: number, syntax: CommentSyntax): number {
  const tokens = [...syntax.line, ...(syntax.block ? [syntax.block.open] : [])];
  let best = -1;
  for (const token of tokens) {
    const at = lineText.lastIndexOf(token, index - 1);
    if (at >= 0 && at + token.length <= index && (best < 0 || at < best)) best = at;
  }
  return best;
}
