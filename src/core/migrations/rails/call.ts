import type { Node } from 'web-tree-sitter';

/**
 * A schema helper call, the same whether written `add_column :orders, :total, :integer` or, inside
 * `change_table :orders do |t|`, `t.integer :total`: the table, the other positional arguments
 * and the keyword options.
 */
export interface RailsCall {
  name: string;
  table: string;
  /** Positional arguments after the table. */
  args: Node[];
  options: Map<string, Node>;
  node: Node;
}

/** `add_index :orders, :customer_id, unique: true` → table orders, args [:customer_id], options {unique}. */
export function topLevelCall(node: Node, name: string): RailsCall {
  const { positional, options } = argumentsOf(node);
  return { name, table: positional[0] ? literal(positional[0]) : '', args: positional.slice(1), options, node };
}

/** `t.integer :total` inside `change_table :orders do |t|`: the same call with the block's table. */
export function blockCall(node: Node, name: string, table: string): RailsCall {
  const { positional, options } = argumentsOf(node);
  return { name, table, args: positional, options, node };
}

function argumentsOf(call: Node): { positional: Node[]; options: Map<string, Node> } {
  const positional: Node[] = [];
  const options = new Map<string, Node>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg) continue;
    if (arg.type === 'pair') {
      const key = arg.childForFieldName('key')?.text.replace(/:$/, '').replace(/^:/, '') ?? '';
      const value = arg.childForFieldName('value');
      if (value) options.set(key, value);
    } else if (arg.type === 'hash') {
      for (const pair of arg.namedChildren) if (pair?.type === 'pair') options.set(keyOf(pair), pair.childForFieldName('value')!);
    } else positional.push(arg);
  }
  return { positional, options };
}

function keyOf(pair: Node): string {
  return pair.childForFieldName('key')?.text.replace(/:$/, '').replace(/^:/, '') ?? '';
}

/** `:orders`, `"orders"`, `'orders'` → orders. */
export function literal(node: Node): string {
  return node.text.replace(/^:/, '').replace(/^["']|["']$/g, '');
}

/** The names in `:a`, `[:a, :b]` or `%i[a b]`. */
export function names(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'array' || node.type === 'symbol_array' || node.type === 'string_array')
    return node.namedChildren.flatMap((child) => (child ? names(child) : []));
  if (node.type === 'bare_symbol' || node.type === 'bare_string') return [node.text];
  return [literal(node)];
}

/** The option's value inside a hash option: `foreign_key: { validate: false }` → `false` for (foreign_key, validate). */
export function nestedOption(value: Node | undefined, key: string): Node | undefined {
  if (value?.type !== 'hash') return undefined;
  const pair = value.namedChildren.find((child) => child?.type === 'pair' && keyOf(child) === key);
  return pair?.childForFieldName('value') ?? undefined;
}

export function isFalse(node: Node | undefined): boolean {
  return node?.type === 'false';
}

export function isTrue(node: Node | undefined): boolean {
  return node?.type === 'true';
}

/** The text of a plain string (no interpolation), else undefined. */
export function plainString(node: Node | undefined): string | undefined {
  if (node?.type !== 'string' || node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
  return node.namedChildren
    .filter((child) => child?.type === 'string_content')
    .map((child) => child!.text)
    .join('');
}
