/**
 * Text from a repository or the network (file names, rule messages, PR titles, check names, SQL
 * identifiers) is shown in a terminal as text: an ESC, OSC, CR or other control character in it
 * could recolour, hide or rewrite what the user reads, set the window title or plant a link, so
 * each one is written as a visible escape (`\x1b`, `\r`). JSON output keeps the exact strings.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidirectional overrides that can reorder a line (Trojan Source).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One field on one line: a newline in it is shown as `\n` too, so it cannot fake another line. */
export function inline(text: string | number | undefined): string {
  return String(text ?? '').replace(UNSAFE_OR_NEWLINE, visible);
}

/** A block of several lines (help texts, a command's output): newlines and tabs stay. */
export function block(text: string): string {
  return text.replace(UNSAFE, visible);
}

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  // \uXXXX above the C0 range, so that a JSON document stays valid JSON with the same strings.
  return code < 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

const OWN_STYLES = new Set([0, 1, 2, 4, 31, 32, 33, 36]);

/** Preflight's own colours, the only escape sequences it writes. */
export function painter(useColor: boolean): (code: number, text: string) => string {
  return (code, text) => (useColor && OWN_STYLES.has(code) ? `\x1b[${code}m${text}\x1b[0m` : text);
}

/**
 * The last net before the terminal: everything but Preflight's own colour sequences is made
 * visible, so a field a formatter forgot to escape still cannot drive the terminal.
 */
// eslint-disable-next-line no-control-regex
const OWN_STYLE_SEQUENCE = /(\x1b\[(?:0|1|2|4|31|32|33|36)m)/;

/** Any character forTerminal changes (an ESC among them): most output has none, and is then passed on as it is. */
// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function forTerminal(text: string): string {
  if (!ANY_UNSAFE.test(text)) return text;
  return text
    .split(OWN_STYLE_SEQUENCE)
    .map((part, index) => (index % 2 === 1 ? part : block(part)))
    .join('');
}
