import { appendBlock, failureMessage, indentOf, TEST_TITLE, type Scaffold, type ScaffoldRequest } from './common';
import { qualifiedName, type ExportedSymbol } from '../symbols';

interface Style {
  quote: string;
  semi: string;
  indent: string;
}

/** An import a framework's tests need: `import { describe, it } from 'node:test'`, or a default import. */
export interface FrameworkImport {
  from: string;
  names: string[];
  defaultName?: string;
}

/** Vitest, Jest, Mocha and node:test tests: one `describe` per symbol whose `it` fails with `assert.fail`. */
export function javascriptScaffold(request: ScaffoldRequest, frameworkImports: FrameworkImport[]): Scaffold {
  const style = styleOf(request.existing);
  const blocks = request.symbols.map((symbol) => describeBlock(symbol, style)).join('\n\n');
  const imported = [...new Set(request.symbols.map((symbol) => symbol.container ?? symbol.name))];
  let text = request.existing ?? '';
  for (const { from, names, defaultName } of frameworkImports) text = ensureImport(text, from, names, defaultName, style);
  text = ensureImport(text, request.importPath, imported, undefined, style);
  const appended = appendBlock(text, blocks);
  return { text: appended.text, line: appended.firstLine + 2 };
}

function describeBlock(symbol: ExportedSymbol, { quote: q, semi, indent }: Style): string {
  const quoted = (text: string) => `${q}${text.replaceAll('\\', '\\\\').replaceAll(q, `\\${q}`)}${q}`;
  return [
    `describe(${quoted(qualifiedName(symbol))}, () => {`,
    `${indent}it(${quoted(TEST_TITLE)}, () => {`,
    `${indent}${indent}assert.fail(${quoted(failureMessage(symbol))})${semi}`,
    `${indent}})${semi}`,
    `})${semi}`,
  ].join('\n');
}

function styleOf(existing: string | undefined): Style {
  if (!existing) return { quote: "'", semi: ';', indent: '  ' };
  const singles = (existing.match(/'/g) ?? []).length;
  const doubles = (existing.match(/"/g) ?? []).length;
  const lines = existing
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => /[\w)'"\]]$|;$/.test(line));
  const withSemicolon = lines.filter((line) => line.endsWith(';')).length;
  return { quote: doubles > singles ? '"' : "'", semi: withSemicolon * 2 >= lines.length ? ';' : '', indent: indentOf(existing, '  ') };
}

/** Adds `import { names } from 'specifier'` (or the default import), merging into an existing import of it. */
function ensureImport(text: string, specifier: string, names: string[], defaultName: string | undefined, style: Style): string {
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (defaultName && new RegExp(`\\bimport\\s+(\\*\\s+as\\s+)?${defaultName}\\b`).test(text)) return text;
  const named = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${escaped}['"]`).exec(text);
  if (named) {
    const present = named[1]
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const missing = names.filter((name) => !present.some((part) => part === name || part.endsWith(` as ${name}`)));
    if (missing.length === 0) return text;
    const merged = `import { ${[...present, ...missing].join(', ')} } from ${style.quote}${specifier}${style.quote}`;
    return text.slice(0, named.index) + merged + text.slice(named.index + named[0].length);
  }
  const binding = defaultName ?? `{ ${names.join(', ')} }`;
  if (!defaultName && names.length === 0) return text;
  const line = `import ${binding} from ${style.quote}${specifier}${style.quote}${style.semi}`;
  return insertAfterImports(text, line);
}

function insertAfterImports(text: string, line: string): string {
  const lines = text.split('\n');
  let lastImport = -1;
  let inImport = false;
  lines.forEach((current, index) => {
    if (/^import\b/.test(current)) inImport = true;
    if (inImport && /(from\s+)?['"][^'"]+['"];?\s*$/.test(current)) {
      lastImport = index;
      inImport = false;
    }
  });
  if (text === '') return `${line}\n`;
  lines.splice(lastImport + 1, 0, line);
  return lines.join('\n');
}
