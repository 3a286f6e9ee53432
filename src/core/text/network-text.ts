/**
 * Text that came from the network (a CI log, a check run's annotation) is shown as text: colour
 * and cursor sequences, which CI logs are full of, are removed, and any other control character
 * or bidirectional override (which could hide or reorder what the user reads) is written as a
 * visible escape, as src/cli/terminal-text.ts does for the terminal.
 */

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links), ended by BEL or ST.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
// C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidirectional overrides.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Several lines: newlines and tabs stay, a CR-LF becomes a newline. */
export function networkText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(ESCAPE_SEQUENCES, '').replace(UNSAFE, visible);
}

/** At most `max` characters (UTF-16 code units), with an ellipsis when cut; never splits a surrogate pair. */
export function truncated(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  return `${text.slice(0, end)}…`;
}

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\r') return '\\r';
  return code < 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
