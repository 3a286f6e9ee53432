/** "1 commit", "3 commits": a count with its noun (regular plurals only). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The 7-character form of a commit id that git and GitHub show. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : '(none)';
}
