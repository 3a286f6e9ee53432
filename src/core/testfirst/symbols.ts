import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../syntax/tree-sitter';
import { languageOf, type GrammarName } from '../syntax/languages';

/** A symbol other code can call, so a test should pin down: `parseOrder`, `Order`, `Order#total`. */
export interface ExportedSymbol {
  name: string;
  kind: 'function' | 'class' | 'method';
  /** The class (or Ruby module path) a method belongs to. */
  container?: string;
  /** 1-based position of the declaration's name. */
  line: number;
  column: number;
  /** For a class: whether it declares public methods (then each gets its own test, not the class). */
  hasMethods?: boolean;
}

/** `Order#total` for a method, else the name: how messages and test titles refer to a symbol. */
export function qualifiedName(symbol: ExportedSymbol): string {
  if (!symbol.container) return symbol.name;
  return symbol.name.startsWith('.') ? `${symbol.container}${symbol.name}` : `${symbol.container}#${symbol.name}`;
}

/** What gets a test: functions, methods, and classes that have no public methods of their own. */
export function testableSymbols(symbols: readonly ExportedSymbol[]): ExportedSymbol[] {
  return symbols.filter((symbol) => !(symbol.kind === 'class' && symbol.hasMethods));
}

/** The grammar that reads a source file, by extension; undefined for files Preflight does not scaffold. */
export function grammarOfPath(path: string): GrammarName | undefined {
  return languageOf(path)?.symbolGrammar;
}

/** The exported functions, classes and public methods of a source file, from its syntax tree. */
export async function exportedSymbols(path: string, text: string): Promise<ExportedSymbol[]> {
  const grammar = grammarOfPath(path);
  if (!grammar || !READERS[grammar]) return [];
  const tree = await parseSyntax(grammar, text);
  try {
    const read = READERS[grammar]!;
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

const READERS: Partial<Record<GrammarName, (root: Node) => ExportedSymbol[]>> = {
  typescript: javascriptSymbols,
  tsx: javascriptSymbols,
  javascript: javascriptSymbols,
  python: pythonSymbols,
  go: goSymbols,
  ruby: rubySymbols,
  java: javaSymbols,
};

function at(node: Node, name: string, kind: ExportedSymbol['kind'], container?: string): ExportedSymbol {
  return { name, kind, container, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function children(node: Node | null | undefined): Node[] {
  return (node?.namedChildren ?? []).filter((child): child is Node => child !== null);
}

function withMethods(klass: ExportedSymbol, methods: ExportedSymbol[]): ExportedSymbol[] {
  return [{ ...klass, hasMethods: methods.length > 0 }, ...methods];
}

// JavaScript / TypeScript: `export function`, `export class` (and its public methods),
// `export const f = () => …`, `export default function f`, and `export { f }` of local declarations.
function javascriptSymbols(root: Node): ExportedSymbol[] {
  const local = new Map<string, Node>();
  for (const statement of children(root)) for (const [name, declaration] of declaredIn(statement)) local.set(name, declaration);
  const symbols: ExportedSymbol[] = [];
  for (const statement of children(root)) {
    if (statement.type !== 'export_statement') continue;
    const declaration = statement.childForFieldName('declaration');
    if (declaration) for (const [, node] of declaredIn(declaration)) symbols.push(...javascriptSymbolOf(node));
    for (const clause of children(statement).filter((child) => child.type === 'export_clause')) {
      for (const specifier of children(clause)) {
        const name = specifier.childForFieldName('name')?.text;
        const node = name ? local.get(name) : undefined;
        if (node && !specifier.childForFieldName('alias')) symbols.push(...javascriptSymbolOf(node));
      }
    }
  }
  return symbols;
}

function declaredIn(statement: Node): [string, Node][] {
  if (
    ['function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration'].includes(statement.type)
  ) {
    const name = statement.childForFieldName('name')?.text;
    return name ? [[name, statement]] : [];
  }
  if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
    return children(statement)
      .filter(
        (d) =>
          d.type === 'variable_declarator' &&
          ['arrow_function', 'function_expression', 'function'].includes(d.childForFieldName('value')?.type ?? ''),
      )
      .map((d) => [d.childForFieldName('name')!.text, d]);
  }
  return [];
}

function javascriptSymbolOf(node: Node): ExportedSymbol[] {
  const nameNode = node.childForFieldName('name')!;
  if (!node.type.includes('class')) return [at(nameNode, nameNode.text, 'function')];
  const methods = children(node.childForFieldName('body'))
    .filter((member) => member.type === 'method_definition')
    .filter((member) => !children(member).some((c) => c.type === 'accessibility_modifier' && c.text !== 'public'))
    .map((member) => member.childForFieldName('name')!)
    .filter((name) => name.type !== 'private_property_identifier' && name.text !== 'constructor')
    .map((name) => at(name, name.text, 'method', nameNode.text));
  return withMethods(at(nameNode, nameNode.text, 'class'), methods);
}

// Python: module-level functions and classes not named _private, and their public methods.
function pythonSymbols(root: Node): ExportedSymbol[] {
  const symbols: ExportedSymbol[] = [];
  for (let statement of children(root)) {
    if (statement.type === 'decorated_definition') statement = statement.childForFieldName('definition') ?? statement;
    const nameNode = statement.childForFieldName('name');
    if (!nameNode || nameNode.text.startsWith('_')) continue;
    if (statement.type === 'function_definition') symbols.push(at(nameNode, nameNode.text, 'function'));
    if (statement.type === 'class_definition') {
      const methods = children(statement.childForFieldName('body'))
        .map((member) => (member.type === 'decorated_definition' ? member.childForFieldName('definition') : member))
        .filter((member): member is Node => member?.type === 'function_definition')
        .map((member) => member.childForFieldName('name')!)
        .filter((name) => !name.text.startsWith('_'))
        .map((name) => at(name, name.text, 'method', nameNode.text));
      symbols.push(...withMethods(at(nameNode, nameNode.text, 'class'), methods));
    }
  }
  return symbols;
}

// Go: exported (capitalised) functions, and exported methods of exported types.
function goSymbols(root: Node): ExportedSymbol[] {
  const exported = (name: string) => /^[A-Z]/.test(name);
  const symbols: ExportedSymbol[] = [];
  for (const declaration of children(root)) {
    const nameNode = declaration.childForFieldName('name');
    if (!nameNode || !exported(nameNode.text)) continue;
    if (declaration.type === 'function_declaration') symbols.push(at(nameNode, nameNode.text, 'function'));
    if (declaration.type === 'method_declaration') {
      const receiver = declaration.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text;
      if (receiver && exported(receiver)) symbols.push(at(nameNode, nameNode.text, 'method', receiver));
    }
  }
  return symbols;
}

// Ruby: classes (with their module path) and their public methods, up to a bare `private`.
function rubySymbols(root: Node): ExportedSymbol[] {
  const symbols: ExportedSymbol[] = [];
  const visit = (node: Node, path: string[]): void => {
    for (const child of children(node)) {
      if (child.type !== 'class' && child.type !== 'module') continue;
      const nameNode = child.childForFieldName('name')!;
      const fullName = [...path, nameNode.text].join('::');
      const body = children(child).find((c) => c.type === 'body_statement');
      if (child.type === 'module') {
        if (body) visit(body, [...path, nameNode.text]);
        continue;
      }
      const methods: ExportedSymbol[] = [];
      for (const member of children(body)) {
        if (member.type === 'identifier' && ['private', 'protected'].includes(member.text)) break;
        if (member.type === 'method' || member.type === 'singleton_method') {
          const method = member.childForFieldName('name')!;
          if (method.text !== 'initialize')
            methods.push(at(method, member.type === 'singleton_method' ? `.${method.text}` : method.text, 'method', fullName));
        }
      }
      symbols.push(...withMethods(at(nameNode, fullName, 'class'), methods));
      if (body) visit(body, [...path, nameNode.text]);
    }
  };
  visit(root, []);
  return symbols;
}

// Java: public classes and their public methods.
function javaSymbols(root: Node): ExportedSymbol[] {
  const isPublic = (node: Node) => children(node).some((c) => c.type === 'modifiers' && /\bpublic\b/.test(c.text));
  const symbols: ExportedSymbol[] = [];
  for (const declaration of children(root)) {
    if (declaration.type !== 'class_declaration' || !isPublic(declaration)) continue;
    const nameNode = declaration.childForFieldName('name')!;
    const methods = children(declaration.childForFieldName('body'))
      .filter((member) => member.type === 'method_declaration' && isPublic(member))
      .map((member) => member.childForFieldName('name')!)
      .map((name) => at(name, name.text, 'method', nameNode.text));
    symbols.push(...withMethods(at(nameNode, nameNode.text, 'class'), methods));
  }
  return symbols;
}
