import {
  appendBlock,
  failureMessage,
  indentOf,
  insertBeforeLastClose,
  lineOf,
  snakeCase,
  TEST_TITLE,
  type Scaffold,
  type ScaffoldRequest,
} from './common';
import type { ExportedSymbol } from '../symbols';

/** `test_total` (Minitest's method name for a symbol's test). */
export function minitestName(symbol: ExportedSymbol): string {
  return `test_${snakeCase(symbol.name)}`;
}

/** RSpec: one `RSpec.describe Order, "#total"` block per symbol, failing with `fail`. */
export function rspecScaffold(request: ScaffoldRequest): Scaffold {
  const indent = indentOf(request.existing, '  ');
  const blocks = request.symbols.map((symbol) => {
    const subject =
      symbol.kind === 'method' ? `${symbol.container}, "${symbol.name.startsWith('.') ? symbol.name : `#${symbol.name}`}"` : symbol.name;
    return `RSpec.describe ${subject} do\n${indent}it "${TEST_TITLE}" do\n${indent}${indent}fail ${JSON.stringify(failureMessage(symbol))}\n${indent}end\nend`;
  });
  const appended = appendBlock(withRequire(request), blocks.join('\n\n'));
  return { text: appended.text, line: appended.firstLine + 2 };
}

/** Minitest: a `test_total` method that `flunk`s, inside the file's test class (created if new). */
export function minitestScaffold(request: ScaffoldRequest): Scaffold {
  const indent = indentOf(request.existing, '  ');
  const text = withRequire(request);
  const methods = request.symbols
    .map(
      (symbol) => `${indent}def ${minitestName(symbol)}\n${indent}${indent}flunk ${JSON.stringify(failureMessage(symbol))}\n${indent}end`,
    )
    .join('\n\n');
  const inserted = request.existing !== undefined ? insertBeforeLastClose(text, methods, /^end\s*$/) : undefined;
  if (inserted) return { text: inserted.text, line: inserted.firstLine + 1 };
  const subject = request.symbols[0].container ?? request.symbols[0].name;
  const base =
    /rails_helper|test_helper/.test(request.importPath) && /ActiveSupport|Rails/.test(request.sourceText + request.importPath)
      ? 'ActiveSupport::TestCase'
      : 'Minitest::Test';
  const klass = `class ${subject.replace(/::/g, '')}Test < ${base}\n${methods}\nend`;
  const appended = appendBlock(text, klass);
  return { text: appended.text, line: lineOf(appended.text, `def ${minitestName(request.symbols[0])}`) + 1 };
}

/** The test file's text, or for a new file the line that loads the source (or its helper). */
function withRequire(request: ScaffoldRequest): string {
  if (request.existing !== undefined) return request.existing;
  const path = request.importPath;
  return path.startsWith('.') ? `require_relative "${path}"\n` : `require "${path}"\n`;
}
