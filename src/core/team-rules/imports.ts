import type { Node } from 'web-tree-sitter';
import { languageOf, type GrammarName } from '../syntax/languages';

export interface ImportSite {
  module: string;
  start: number;
  end: number;
}

/** The grammar team rules read a file with (the languages table's), or undefined: then only regex rules run on it. */
export function importGrammarFor(path: string): GrammarName | undefined {
  return languageOf(path)?.grammar;
}

/** The node types that can import something, per language. */
export function importNodeTypes(grammar: GrammarName): string[] {
  if (grammar === 'python') return ['import_from_statement', 'import_statement'];
  if (grammar === 'ruby') return ['call'];
  if (grammar === 'typescript' || grammar === 'tsx' || grammar === 'javascript')
    return ['import_statement', 'export_statement', 'call_expression'];
  return [];
}

/** What one node imports (nothing, for most nodes). */
export function importSitesAt(node: Node, grammar: GrammarName): ImportSite[] {
  return (grammar === 'python' ? pythonImport(node) : grammar === 'ruby' ? rubyImport(node) : jsImport(node)) ?? [];
}

function stringSite(node: Node | null | undefined): ImportSite | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'template_string')) return undefined;
  const fragment = node.namedChildren.find((c) => c?.type === 'string_fragment' || c?.type === 'string_content');
  return fragment ? { module: fragment.text, start: node.startIndex, end: node.endIndex } : undefined;
}

function jsImport(node: Node): ImportSite[] | undefined {
  if (node.type === 'import_statement' || node.type === 'export_statement') {
    const site = stringSite(node.childForFieldName('source'));
    return site ? [site] : undefined;
  }
  if (node.type === 'call_expression') {
    const fn = node.childForFieldName('function');
    if (fn?.type === 'import' || fn?.text === 'require') {
      const site = stringSite(node.childForFieldName('arguments')?.namedChildren[0]);
      return site ? [site] : undefined;
    }
  }
  return undefined;
}

function pythonImport(node: Node): ImportSite[] | undefined {
  if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name');
    return module ? [{ module: module.text, start: module.startIndex, end: module.endIndex }] : undefined;
  }
  if (node.type === 'import_statement') {
    return node.childrenForFieldName('name').flatMap((name) => {
      const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
      return dotted ? [{ module: dotted.text, start: dotted.startIndex, end: dotted.endIndex }] : [];
    });
  }
  return undefined;
}

function rubyImport(node: Node): ImportSite[] | undefined {
  if (node.type !== 'call' || node.childForFieldName('receiver')) return undefined;
  const method = node.childForFieldName('method')?.text;
  if (method !== 'require' && method !== 'require_relative') return undefined;
  const site = stringSite(node.childForFieldName('arguments')?.namedChildren[0]);
  return site ? [site] : undefined;
}
