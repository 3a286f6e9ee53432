import picomatch from 'picomatch';

// picomatch's `*` will not start a name with a line break (its regex uses `.`), so a file named
// "\nV2__index.sql" would slip past every glob: match line breaks as any other character.
const LINE_BREAKS = /[\n\r\u2028\u2029]/g;

/**
 * picomatch's matcher, for every path git can hold. With no options but `dot`, picomatch's
 * own test is what this does, without the result objects it builds per glob and path: a path
 * matches a glob it equals or the glob's regex (a scan tests every listed path several times).
 */
export function globMatcher(globs: string | string[], options?: picomatch.PicomatchOptions): (path: string) => boolean {
  const plain = options === undefined || Object.keys(options).every((key) => key === 'dot');
  if (!plain) {
    const matches = picomatch(globs, options);
    return (path) => matches(withoutLineBreaks(path));
  }
  const compiled = (Array.isArray(globs) ? globs : [globs]).map((glob) => ({ glob, regex: globRegex(glob, options) }));
  return (path) => {
    if (path === '') return false;
    const input = withoutLineBreaks(path);
    for (const { glob, regex } of compiled) if (input === glob || regex.test(input)) return true;
    return false;
  };
}

function globRegex(glob: string, options?: picomatch.PicomatchOptions): RegExp {
  // picomatch's own check and words, before its makeRe (which it calls the same way)
  if (glob === '' || typeof glob !== 'string') throw new TypeError('Expected pattern to be a non-empty string');
  return picomatch.makeRe(glob, options);
}

function withoutLineBreaks(path: string): string {
  return path.includes('\n') || path.includes('\r') || path.includes('\u2028') || path.includes('\u2029')
    ? path.replace(LINE_BREAKS, ' ')
    : path;
}
