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
export function* literalMatches(literal: LiteralRegex, text: string, from = 0, to = text.length): Generator<[number, number]> {
  // Only [from, to) is searched (and lower-cased): an indexOf on the whole text would read on to its end.
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const haystack = literal.ignoreCase ? asciiLowerCase(window) : window;
  const length = literal.text.length;
  for (let at = haystack.indexOf(literal.text); at >= 0; at = haystack.indexOf(literal.text, at + length)) {
    const start = at + from;
    const end = start + length;
    if (literal.wordBoundaryBefore && isWord(text, start - 1) === isWord(text, start)) continue;
    if (literal.wordBoundaryAfter && isWord(text, end - 1) === isWord(text, end)) continue;
    yield [start, end];
  }
}

/**
 * The occurrences after an edit, from those before it: the ones away from the edit are kept
 * (shifted), and only text within one literal's length of the edit is searched again. Only for a
 * literal that cannot overlap itself (no prefix of it is also its suffix): otherwise which
 * occurrences are found depends on the ones before, anywhere in the text.
 */
export function literalMatchesAfterEdit(
  literal: LiteralRegex,
  before: ReadonlyArray<[number, number]>,
  text: string,
  edit: { start: number; oldEnd: number; newEnd: number },
): Array<[number, number]> | undefined {
  if (overlapsItself(literal.text)) return undefined;
  const length = literal.text.length;
  const delta = edit.newEnd - edit.oldEnd;
  // A kept occurrence keeps the characters on both sides too (\b reads them).
  const kept = before.filter(([, end]) => end < edit.start);
  const after = before.filter(([start]) => start > edit.oldEnd).map(([start, end]): [number, number] => [start + delta, end + delta]);
  const from = Math.max(0, edit.start - length);
  const searched = [...literalMatches(literal, text, from, Math.min(text.length, edit.newEnd + length))].filter(
    ([start, end]) => end >= edit.start && start <= edit.newEnd,
  );
  return [...kept, ...searched, ...after];
}

function overlapsItself(literal: string): boolean {
  for (let length = 1; length < literal.length; length++) if (literal.startsWith(literal.slice(literal.length - length))) return true;
  return false;
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
