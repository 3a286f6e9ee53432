import { failureMessage, indentOf, insertBeforeLastClose, lineOf, type Scaffold, type ScaffoldRequest } from './common';
import type { ExportedSymbol } from '../symbols';

/** The test method's name: the method's own name (`total`), or `works` for a class without public methods. */
export function junitTestName(symbol: ExportedSymbol): string {
  return symbol.kind === 'method' ? symbol.name : `${symbol.name.charAt(0).toLowerCase()}${symbol.name.slice(1)}Works`;
}

/** A JUnit 5 (or 4) test class in the source's package; new tests go before its closing brace. */
export function javaScaffold(request: ScaffoldRequest): Scaffold {
  const indent = indentOf(request.existing, '    ');
  const visibility = request.junit4 ? 'public ' : '';
  const methods = request.symbols
    .map(
      (symbol) =>
        `${indent}@Test\n${indent}${visibility}void ${junitTestName(symbol)}() {\n${indent}${indent}fail(${JSON.stringify(failureMessage(symbol))});\n${indent}}`,
    )
    .join('\n\n');
  const existing = request.existing;
  const inserted = existing !== undefined ? insertBeforeLastClose(existing, methods, /^\}\s*$/) : undefined;
  if (inserted) return { text: inserted.text, line: inserted.firstLine + 2 };
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(request.sourceText)?.[1];
  const className = request.testPath.slice(request.testPath.lastIndexOf('/') + 1).replace(/\.java$/, '');
  const imports = request.junit4
    ? ['import org.junit.Test;', 'import static org.junit.Assert.fail;']
    : ['import org.junit.jupiter.api.Test;', 'import static org.junit.jupiter.api.Assertions.fail;'];
  const text = [...(pkg ? [`package ${pkg};`, ''] : []), ...imports, '', `${visibility}class ${className} {`, methods, '}', ''].join('\n');
  return { text, line: lineOf(text, `void ${junitTestName(request.symbols[0])}(`) + 1 };
}
