import { appendBlock, failureMessage, indentOf, lineOf, pascalCase, snakeCase, type Scaffold, type ScaffoldRequest } from './common';
import type { ExportedSymbol } from '../symbols';

/** `test_parse_order`, `test_order_total`: the test function's name for a symbol. */
export function pythonTestName(symbol: ExportedSymbol): string {
  return `test_${symbol.container ? `${snakeCase(symbol.container)}_` : ''}${snakeCase(symbol.name)}`;
}

/** pytest functions that call `pytest.fail`. */
export function pytestScaffold(request: ScaffoldRequest): Scaffold {
  return pythonScaffold(request, false);
}

/** unittest TestCases that call `self.fail`, in a file that runs `unittest.main()`. */
export function unittestScaffold(request: ScaffoldRequest): Scaffold {
  return pythonScaffold(request, true);
}

function pythonScaffold(request: ScaffoldRequest, unittest: boolean): Scaffold {
  const indent = indentOf(request.existing, '    ');
  const quote = request.existing && (request.existing.match(/'/g) ?? []).length > (request.existing.match(/"/g) ?? []).length ? "'" : '"';
  const say = (symbol: ExportedSymbol) => `${quote}${failureMessage(symbol).replaceAll(quote, `\\${quote}`)}${quote}`;
  const blocks = request.symbols.map((symbol) =>
    unittest
      ? `class Test${pascalCase(symbol.container ?? '')}${pascalCase(symbol.name)}(unittest.TestCase):\n${indent}def ${pythonTestName(symbol)}(self):\n${indent}${indent}self.fail(${say(symbol)})`
      : `def ${pythonTestName(symbol)}():\n${indent}pytest.fail(${say(symbol)})`,
  );
  const names = [...new Set(request.symbols.map((symbol) => symbol.container ?? symbol.name))];
  let text = request.existing ?? '';
  text = ensureFromImport(text, request.importPath, names);
  text = ensureModuleImport(text, unittest ? 'unittest' : 'pytest');
  const mainGuard = /^if __name__ == ["']__main__["']:/m.exec(text);
  const addition = blocks.join('\n\n\n');
  if (unittest && !request.existing)
    text = `${text.trimEnd()}\n\n\n${addition}\n\n\nif __name__ == "__main__":\n${indent}unittest.main()\n`;
  else if (mainGuard) text = `${text.slice(0, mainGuard.index).trimEnd()}\n\n\n${addition}\n\n\n${text.slice(mainGuard.index)}`;
  else text = appendBlock(text, `\n${addition}`).text;
  const first = request.symbols[0];
  return { text, line: lineOf(text, `def ${pythonTestName(first)}(`) + 1 };
}

function ensureModuleImport(text: string, module: string): string {
  if (new RegExp(`^import ${module}\\b`, 'm').test(text)) return text;
  return `import ${module}\n${text.startsWith('import ') || text === '' ? '' : '\n'}${text}`;
}

function ensureFromImport(text: string, module: string, names: string[]): string {
  const escaped = module.replace(/\./g, '\\.');
  const existing = new RegExp(`^from ${escaped} import ([^(\\n]+)$`, 'm').exec(text);
  if (existing) {
    const present = existing[1].split(',').map((name) => name.trim());
    const missing = names.filter((name) => !present.includes(name));
    if (missing.length === 0) return text;
    return (
      text.slice(0, existing.index) +
      `from ${module} import ${[...present, ...missing].join(', ')}` +
      text.slice(existing.index + existing[0].length)
    );
  }
  const line = `from ${module} import ${names.join(', ')}`;
  const lines = text.split('\n');
  let last = -1;
  lines.forEach((current, index) => /^(import|from)\s/.test(current) && (last = index));
  if (last < 0) return text === '' ? `${line}\n` : `${line}\n\n\n${text}`;
  lines.splice(last + 1, 0, line);
  return lines.join('\n');
}
