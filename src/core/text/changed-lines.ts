import { diffLines } from 'diff';

/**
 * The 1-based lines of `current` that differ from `base` (added or modified), for rules limited
 * to changed lines. Without a base (a new file) every line counts as changed.
 */
export function changedLines(base: string | undefined, current: string): ReadonlySet<number> {
  const changed = new Set<number>();
  if (base === undefined) {
    const count = current.split('\n').length;
    for (let line = 1; line <= count; line++) changed.add(line);
    return changed;
  }
  let line = 1;
  for (const part of diffLines(base, current)) {
    if (part.removed) continue;
    const count = part.count ?? part.value.split('\n').length - 1;
    if (part.added) for (let i = 0; i < count; i++) changed.add(line + i);
    line += count;
  }
  return changed;
}
