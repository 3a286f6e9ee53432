import picomatch from 'picomatch';

// picomatch's `*` will not start a name with a line break (its regex uses `.`), so a file named
// "\nV2__index.sql" would slip past every glob: match line breaks as any other character.
const LINE_BREAKS = /[\n\r\u2028\u2029]/g;

/** picomatch's matcher, for every path git can hold. */
export function globMatcher(globs: string | string[], options?: picomatch.PicomatchOptions): (path: string) => boolean {
  const matches = picomatch(globs, options);
  return (path) => matches(path.replace(LINE_BREAKS, ' '));
}
