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

/**
 * RSpec: one `RSpec.describe Order, "#total"` block per symbol, failing with `fail`; Minitest: a
 * `test_total` method that `flunk`s, inside the file's test class (created if new).
 */
export function rubyScaffold(request: ScaffoldRequest): Scaffold {
  const indent = indentOf(request.existing, '  ');
  const require = request.importPath.startsWith('.') ? `require_relative "${request.importPath}"` : `require "${request.importPath}"`;
  const header = (text: string | undefined) => (text === undefined ? `${require}\n` : text);
  if (request.framework === 'minitest') return minitestScaffold(request, indent, header(request.existing));
  const blocks = request.symbols.map((symbol) => {
    const subject =
      symbol.kind === 'method' ? `${symbol.container}, "${symbol.name.startsWith('.') ? symbol.name : `#${symbol.name}`}"` : symbol.name;
    return `RSpec.describe ${subject} do\n${indent}it "${TEST_TITLE}" do\n${indent}${indent}fail ${JSON.stringify(failureMessage(symbol))}\n${indent}end\nend`;
  });
  const appended = appendBlock(header(request.existing), blocks.join('\n\n'));
  return { text: appended.text, line: appended.firstLine + 2 };
}

function minitestScaffold(request: ScaffoldRequest, indent: string, text: string): Scaffold {
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
