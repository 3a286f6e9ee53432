import { appendBlock, failureMessage, lineOf, type Scaffold, type ScaffoldRequest } from './common';
import type { ExportedSymbol } from '../symbols';

/** `TestParseOrder`, `TestOrder_Total` (Go's naming for a method's test). */
export function goTestName(symbol: ExportedSymbol): string {
  return `Test${symbol.container ? `${symbol.container}_` : ''}${symbol.name}`;
}

/** `func TestX(t *testing.T) { t.Fatal(…) }` in the source's own package, gofmt's layout (tabs). */
export function goScaffold(request: ScaffoldRequest): Scaffold {
  const blocks = request.symbols
    .map((symbol) => `func ${goTestName(symbol)}(t *testing.T) {\n\tt.Fatal(${JSON.stringify(failureMessage(symbol))})\n}`)
    .join('\n\n');
  let text = request.existing ?? `package ${packageOf(request.sourceText)}\n\nimport "testing"\n`;
  if (!/"testing"/.test(text)) text = text.replace(/^(package\s+\w+[^\n]*\n)/m, '$1\nimport "testing"\n');
  const appended = appendBlock(text, blocks);
  return { text: appended.text, line: lineOf(appended.text, `func ${goTestName(request.symbols[0])}(`) + 1 };
}

function packageOf(source: string): string {
  return /^package\s+(\w+)/m.exec(source)?.[1] ?? 'main';
}
