import type { Node } from 'web-tree-sitter';
import type { EveryRowWrite } from '../../operations';
import { argumentsOf, isTrue, stringValue, type PythonArguments } from '../syntax';

/** Queryset methods that keep every row: `Order.objects.all().iterator()` is still the whole table. */
const EVERY_ROW_METHODS = new Set(['all', 'iterator', 'only', 'defer', 'select_related', 'prefetch_related', 'order_by', 'using']);
/** The managers a migration reads a model's rows through. */
const MANAGERS = new Set(['objects', '_default_manager', '_base_manager']);

/**
 * The writes to every row of a model that RunPython's forward function makes:
 * `Order.objects.update(...)` or `Order.objects.all().update(...)` (one UPDATE), and a `for` loop
 * over `Order.objects.all()` that saves each row (one write per row). Only a function
 * defined in the migration file is read; a filtered queryset (`filter`, `exclude`, a slice) is not
 * every row.
 */
export function everyRowWritesOfRunPython(root: Node, args: PythonArguments, migrationAtomic: boolean): EveryRowWrite[] {
  const code = args.keywords.get('code') ?? args.positional[0];
  const body = code?.type === 'identifier' ? functionNamed(root, code.text)?.childForFieldName('body') : undefined;
  if (!body) return [];
  const inTransaction = migrationAtomic || isTrue(args.keywords.get('atomic'));
  const models = modelVariables(body);
  const querysets = new Map<string, string>();
  const writes: EveryRowWrite[] = [];
  const everyRowOf = (node: Node | null): string | undefined => everyRowQuery(node, models, querysets);
  for (const node of descendants(body)) {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const model = everyRowOf(node.childForFieldName('right'));
      if (left?.type === 'identifier' && model) querysets.set(left.text, model);
    } else if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const model =
        fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'update'
          ? everyRowOf(fn.childForFieldName('object'))
          : undefined;
      if (model) writes.push({ table: model.toLowerCase(), model, oneStatement: true, at: span(node), inTransaction });
    } else if (node.type === 'for_statement') {
      const model = everyRowOf(node.childForFieldName('right'));
      const header = node.childForFieldName('right');
      if (model && header && savesEachRow(node))
        writes.push({
          table: model.toLowerCase(),
          model,
          oneStatement: false,
          at: { start: node.startIndex, end: header.endIndex },
          inTransaction,
        });
    }
  }
  return writes;
}

function functionNamed(root: Node, name: string): Node | undefined {
  return root.descendantsOfType('function_definition').find((f) => f?.childForFieldName('name')?.text === name) ?? undefined;
}

/** `Order = apps.get_model("shop", "Order")` (or "shop.Order"): the variable and the model's name. */
function modelVariables(body: Node): Map<string, string> {
  const models = new Map<string, string>();
  for (const assignment of body.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call' || !/\.get_model$/.test(right.childForFieldName('function')?.text ?? ''))
      continue;
    const { positional } = argumentsOf(right);
    const name = stringValue(positional[positional.length - 1])
      ?.value.split('.')
      .pop();
    if (name) models.set(left.text, name);
  }
  return models;
}

/** The model whose every row `node` stands for, or undefined when it is filtered or unknown. */
function everyRowQuery(node: Node | null, models: ReadonlyMap<string, string>, querysets: ReadonlyMap<string, string>): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return querysets.get(node.text);
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    if (!MANAGERS.has(node.childForFieldName('attribute')?.text ?? '') || object?.type !== 'identifier') return undefined;
    return models.get(object.text) ?? (/^[A-Z]\w*$/.test(object.text) ? object.text : undefined);
  }
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'attribute' || !EVERY_ROW_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return undefined;
  return everyRowQuery(fn.childForFieldName('object'), models, querysets);
}

/** `for order in ...: order.save()`: the loop writes back the rows it goes through, not rows of another table. */
function savesEachRow(loop: Node): boolean {
  const row = loop.childForFieldName('left');
  if (row?.type !== 'identifier') return false;
  return (loop.childForFieldName('body')?.descendantsOfType('call') ?? []).some((call) => {
    const fn = call?.childForFieldName('function');
    return (
      fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'save' && fn.childForFieldName('object')?.text === row.text
    );
  });
}

/** The nodes below `node` in source order: assignments come before the loops that use them. */
function* descendants(node: Node): Generator<Node> {
  for (const child of node.namedChildren) {
    if (!child) continue;
    yield child;
    yield* descendants(child);
  }
}

function span(node: Node): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}
