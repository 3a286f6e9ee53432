/**
 * Most team regexes are a word or a call written literally (`\bdebugger\b`, `console\.log\(`).
 * Those are found with indexOf, which is far faster than any regex engine in JavaScript; every
 * other regex still runs on RE2. Both give the same matches.
 */
export interface LiteralRegex {
  text: string;
  wordBoundaryBefore: boolean;
  wordBoundaryAfter: boolean;
  ignoreCase: boolean;
}

const META = '\\.+*?()[]{}|^$/-';

/** The literal a regex stands for, or undefined when it uses anything but literal text and \b at its ends. */
export function literalOf(source: string, flags: string): LiteralRegex | undefined {
  let body = source;
  const wordBoundaryBefore = body.startsWith('\\b');
  if (wordBoundaryBefore) body = body.slice(2);
  const wordBoundaryAfter = body.endsWith('\\b') && !body.endsWith('\\\\b');
  if (wordBoundaryAfter) body = body.slice(0, -2);
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') {
      const next = body[++i];
      if (next === undefined || !META.includes(next)) return undefined;
      text += next;
    } else if (META.includes(char) && char !== '-' && char !== '/') return undefined;
    else text += char;
  }
  // A non-ASCII literal with the i flag would need Unicode case folding: leave it to RE2.
  if (text.length === 0 || (flags.includes('i') && !isAscii(text))) return undefined;
  return { text: flags.includes('i') ? text.toLowerCase() : text, wordBoundaryBefore, wordBoundaryAfter, ignoreCase: flags.includes('i') };
}

/** Start and end offsets of every occurrence, with RE2's ASCII \b semantics at the ends. */
export function* literalMatches(literal: LiteralRegex, text: string): Generator<[number, number]> {
  const haystack = literal.ignoreCase ? asciiLowerCase(text) : text;
  for (let at = haystack.indexOf(literal.text); at >= 0; at = haystack.indexOf(literal.text, at + Math.max(literal.text.length, 1))) {
    const end = at + literal.text.length;
    if (literal.wordBoundaryBefore && isWord(text, at - 1) === isWord(text, at)) continue;
    if (literal.wordBoundaryAfter && isWord(text, end - 1) === isWord(text, end)) continue;
    yield [at, end];
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

function isWord(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Lower-cases ASCII letters only, so offsets stay those of the original text. */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
