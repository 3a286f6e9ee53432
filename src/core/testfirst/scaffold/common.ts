import { qualifiedName, type ExportedSymbol } from '../symbols';

/** What a scaffold writer gets: the symbols that need a test, and the test file as it is (if it exists). */
export interface ScaffoldRequest {
  junit4?: boolean;
  testPath: string;
  sourcePath: string;
  sourceText: string;
  symbols: ExportedSymbol[];
  /** The test file's current text; undefined when it is created. */
  existing?: string;
  /** How the test imports the source: `../src/orders` (JS), `shop.orders` (Python), `rails_helper` (Ruby). */
  importPath: string;
}

/** The test file's new text and the 1-based line of the first test written. */
export interface Scaffold {
  text: string;
  line: number;
}

/** The failure each new test reports until someone writes it. */
export function failureMessage(symbol: ExportedSymbol): string {
  const what = symbol.kind === 'class' ? 'does' : 'returns';
  return `not implemented: describe what ${qualifiedName(symbol)} ${what}`;
}

/** The test's title: it reads as a to-do in the runner's report. */
export const TEST_TITLE = 'needs a first test';

/** The file's indentation unit, from its first indented line; the fallback for a new file. */
export function indentOf(text: string | undefined, fallback: string): string {
  const indented = text && /^([ \t]+)\S/m.exec(text);
  return indented ? indented[1] : fallback;
}

/** The text with `addition` appended after one blank line (or none, for a new file). */
export function appendBlock(existing: string, addition: string): { text: string; firstLine: number } {
  const base = existing.replace(/\s*$/, '');
  if (base === '') return { text: `${addition.replace(/\s*$/, '')}\n`, firstLine: 1 };
  const text = `${base}\n\n${addition.replace(/\s*$/, '')}\n`;
  return { text, firstLine: base.split('\n').length + 2 };
}

/** The text with `addition` inserted before the last line that closes the enclosing block (`}` or `end`). */
export function insertBeforeLastClose(existing: string, addition: string, closer: RegExp): { text: string; firstLine: number } | undefined {
  const lines = existing.replace(/\s*$/, '').split('\n');
  let last = lines.length - 1;
  while (last >= 0 && !closer.test(lines[last])) last--;
  if (last < 0) return undefined;
  let before = last;
  while (before > 0 && lines[before - 1].trim() === '') before--;
  const head = lines.slice(0, before);
  const text = [...head, '', ...addition.replace(/\s*$/, '').split('\n'), ...lines.slice(last)].join('\n') + '\n';
  return { text, firstLine: head.length + 2 };
}

/** Line (1-based) of the first occurrence of `needle` at or after `fromLine`. */
export function lineOf(text: string, needle: string, fromLine = 1): number {
  const lines = text.split('\n');
  for (let i = fromLine - 1; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  return fromLine;
}

/** snake_case of a name: `parseOrder` → `parse_order`, `HTTPClient` → `http_client`. */
export function snakeCase(name: string): string {
  return name
    .replace(/^\./, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/::/g, '_')
    .toLowerCase();
}

/** PascalCase of a name: `total` → `Total`. */
export function pascalCase(name: string): string {
  return name.replace(/^\./, '').replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
