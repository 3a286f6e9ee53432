import { FRAMEWORKS } from './frameworks';
import { goTestName } from './scaffold/go';
import { junitTestName } from './scaffold/java';
import { pythonTestName } from './scaffold/python';
import { minitestName } from './scaffold/ruby';
import { qualifiedName, type ExportedSymbol } from './symbols';
import type { MappedSource } from './test-map';

/** A symbol counts as tested when a test file names it as a word (and its class, for a method) or holds the test we would write. */
export function isTestedIn(text: string, symbol: ExportedSymbol, mapped: MappedSource): boolean {
  const word = (name: string) => new RegExp(`(^|[^\\w$])${name.replace(/^\./, '').replace(/[$]/g, '\\$')}($|[^\\w$])`).test(text);
  if (text.includes(generatedTestName(symbol, mapped))) return true;
  return word(symbol.name) && (!symbol.container || word(symbol.container.split('::').pop()!));
}

function generatedTestName(symbol: ExportedSymbol, mapped: MappedSource): string {
  switch (FRAMEWORKS[mapped.entry.framework].ecosystem) {
    case 'python':
      return `def ${pythonTestName(symbol)}(`;
    case 'go':
      return `func ${goTestName(symbol)}(`;
    case 'java':
      return `void ${junitTestName(symbol)}(`;
    case 'ruby':
      return mapped.entry.framework === 'minitest' ? `def ${minitestName(symbol)}` : `"#${symbol.name}"`;
    default:
      return `describe('${qualifiedName(symbol)}'`;
  }
}
