import { FRAMEWORKS } from './frameworks';
import type { ExportedSymbol } from './symbols';
import type { MappedSource } from './test-map';

/** A symbol counts as tested when a test file names it as a word (and its class, for a method) or holds the test we would write. */
export function isTestedIn(text: string, symbol: ExportedSymbol, mapped: MappedSource): boolean {
  const word = (name: string) => new RegExp(`(^|[^\\w$])${name.replace(/^\./, '').replace(/[$]/g, '\\$')}($|[^\\w$])`).test(text);
  if (text.includes(FRAMEWORKS[mapped.entry.framework].generatedTestMark(symbol))) return true;
  return word(symbol.name) && (!symbol.container || word(symbol.container.split('::').pop()!));
}
