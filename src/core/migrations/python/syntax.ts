import type { Node } from 'web-tree-sitter';

/** A Python call's arguments: positional nodes and keyword arguments by name. */
export interface PythonArguments {
  positional: Node[];
  keywords: Map<string, Node>;
}

export function argumentsOf(call: Node): PythonArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else positional.push(arg);
  }
  return { positional, keywords };
}

/** `migrations.AddField` → AddField; `op.add_column` → add_column. */
export function calleeName(call: Node): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  return fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.text;
}

/** The value of a plain string literal (no f-string interpolation), with its content's offset. */
export function stringValue(node: Node | undefined | null): { value: string; start: number } | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
  const contents = node.namedChildren.filter((child): child is Node => child?.type === 'string_content');
  if (contents.length === 0) return { value: '', start: node.endIndex };
  if (contents.length > 1) return undefined;
  return { value: contents[0].text, start: contents[0].startIndex };
}

export function isFalse(node: Node | undefined): boolean {
  return node?.type === 'false';
}

export function isTrue(node: Node | undefined): boolean {
  return node?.type === 'true';
}

/** Every call in source order, skipping the bodies of functions named in `skipFunctions`. */
export function callsIn(node: Node, skipFunctions: ReadonlySet<string>, calls: Node[] = []): Node[] {
  if (node.type === 'function_definition' && skipFunctions.has(node.childForFieldName('name')?.text ?? '')) return calls;
  if (node.type === 'call') calls.push(node);
  for (const child of node.namedChildren) if (child) callsIn(child, skipFunctions, calls);
  return calls;
}
