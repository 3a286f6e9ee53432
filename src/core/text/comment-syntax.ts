import { languageOf, type CommentSyntax } from '../syntax/languages';

export type { CommentSyntax };

// An unknown kind of file: either of the common line comments.
const FALLBACK: CommentSyntax = { line: ['#', '//'] };

export function commentSyntaxFor(file: string): CommentSyntax {
  return languageOf(file)?.comments ?? FALLBACK;
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
