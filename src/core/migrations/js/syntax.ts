import type { Node } from 'web-tree-sitter';

/** One call in a method chain: `t.string('c')` → { name: 'string', args: ['c' node] }. */
export interface ChainLink {
  name: string;
  args: Node[];
  call: Node;
}

/**
 * Unwinds `root.a(x).b().c(y)` into its root (`root`) and links [a, b, c], innermost first,
 * so that builder chains such as knex's `t.string('c').notNullable()` read in writing order.
 */
export function unwindChain(call: Node): { root: Node | null; links: ChainLink[] } {
  const links: ChainLink[] = [];
  let node: Node | null = call;
  while (node?.type === 'call_expression') {
    const fn: Node | null = node.childForFieldName('function');
    const args = argumentNodes(node);
    if (fn?.type === 'member_expression') {
      links.unshift({ name: fn.childForFieldName('property')?.text ?? '', args, call: node });
      node = fn.childForFieldName('object');
    } else {
      links.unshift({ name: fn?.text ?? '', args, call: node });
      node = null;
    }
  }
  return { root: node, links };
}

export function argumentNodes(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
}

/** `obj.prop(...)`: the property name, or the function's name for a plain call. */
export function calleeProperty(call: Node): string {
  const fn = call.childForFieldName('function');
  return fn?.type === 'member_expression' ? (fn.childForFieldName('property')?.text ?? '') : (fn?.text ?? '');
}

export function calleeObject(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
}

/** A string or substitution-free template literal: its value and the offset of its content. */
export function jsString(node: Node | undefined | null): { value: string; start: number } | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'template_string')) return undefined;
  if (node.namedChildren.some((child) => child?.type === 'template_substitution')) return undefined;
  const fragments = node.namedChildren.filter((child): child is Node => child?.type === 'string_fragment');
  if (fragments.length === 0) return { value: '', start: node.startIndex + 1 };
  if (fragments.length > 1) return undefined;
  return { value: fragments[0].text, start: fragments[0].startIndex };
}

/** The properties of an object literal (`{ allowNull: false }`), by key. */
export function objectProperties(node: Node | undefined | null): Map<string, Node> {
  const props = new Map<string, Node>();
  if (node?.type !== 'object') return props;
  for (const pair of node.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '');
    const value = pair.childForFieldName('value');
    if (key && value) props.set(key, value);
  }
  return props;
}

/** `false`, also as `false as const`. */
export function isFalseLiteral(node: Node | undefined | null): boolean {
  if (!node) return false;
  if (node.type === 'as_expression') return isFalseLiteral(node.namedChildren[0]);
  return node.type === 'false';
}

export function isTrueLiteral(node: Node | undefined | null): boolean {
  return node?.type === 'true';
}

/** Every call expression in source order, leaving out `down` functions and methods (rollbacks). */
export function callsOutsideDown(node: Node, calls: Node[] = []): Node[] {
  if (isDownFunction(node)) return calls;
  if (node.type === 'call_expression') calls.push(node);
  for (const child of node.namedChildren) if (child) callsOutsideDown(child, calls);
  return calls;
}

/** The call expressions of the `down` functions and methods: what a rollback restores. */
export function callsInsideDown(node: Node, calls: Node[] = []): Node[] {
  if (isDownFunction(node)) calls.push(...node.descendantsOfType('call_expression').filter((call): call is Node => call !== null));
  else for (const child of node.namedChildren) if (child) callsInsideDown(child, calls);
  return calls;
}

function isDownFunction(node: Node): boolean {
  if (node.type === 'method_definition' || node.type === 'function_declaration') return node.childForFieldName('name')?.text === 'down';
  if (node.type === 'pair') return node.childForFieldName('key')?.text === 'down';
  if (node.type === 'assignment_expression') return /(^|\.)down$/.test(node.childForFieldName('left')?.text ?? '');
  return false;
}
