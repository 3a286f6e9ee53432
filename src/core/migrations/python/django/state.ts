import type { Node } from 'web-tree-sitter';
import { argumentsOf, calleeName, stringValue } from '../syntax';
import { readField, type FieldDefinition } from './fields';

/** One model as Django's migration state knows it: what AlterField is compared with. */
export interface ModelState {
  /** False for proxy and unmanaged models. */
  hasTable: boolean;
  /** CHECK (column IS NOT NULL) constraints by name (`Q(status__isnull=False)`), and whether validated. */
  notNullChecks?: Map<string, { column: string; validated: boolean }>;
  fields: Map<string, FieldDefinition>;
  uniqueTogether: Set<string>;
  indexTogether: Set<string>;
}

/** The models of one app, by lowercased model name. */
export type AppState = Map<string, ModelState>;

/** What one migration operation does to the state, as plain data (kept after the tree is freed). */
export type StateChange =
  | {
      kind: 'create-model';
      model: string;
      hasTable: boolean;
      fields: Array<[string, FieldDefinition]>;
      uniqueTogether: string[];
      indexTogether: string[];
    }
  | { kind: 'set-field'; model: string; field: string; definition: FieldDefinition }
  | { kind: 'remove-field'; model: string; field: string }
  | { kind: 'rename-field'; model: string; from: string; to: string }
  | { kind: 'rename-model'; from: string; to: string }
  | { kind: 'delete-model'; model: string }
  | { kind: 'together'; option: 'uniqueTogether' | 'indexTogether'; model: string; sets: string[] }
  | { kind: 'not-null-check'; model: string; name: string; column?: string; validated: boolean }
  | { kind: 'remove-constraint'; model: string; name: string };

/** The state change of an operation call, if it changes the state. */
export function stateChangeOf(call: Node): StateChange | undefined {
  const args = argumentsOf(call);
  const text = (name: string, index: number) => stringValue(args.keywords.get(name) ?? args.positional[index])?.value ?? '';
  const model = (name = 'model_name') => text(name, 0).toLowerCase();
  switch (calleeName(call)) {
    case 'CreateModel':
      return createModel(model('name'), args.keywords.get('fields') ?? args.positional[1], args.keywords.get('options'));
    case 'AddField':
    case 'AlterField': {
      const definition = readField(args.keywords.get('field') ?? args.positional[2]);
      return definition && { kind: 'set-field', model: model(), field: text('name', 1), definition };
    }
    case 'RemoveField':
      return { kind: 'remove-field', model: model(), field: text('name', 1) };
    case 'RenameField':
      return { kind: 'rename-field', model: model(), from: text('old_name', 1), to: text('new_name', 2) };
    case 'RenameModel':
      return { kind: 'rename-model', from: model('old_name'), to: text('new_name', 1).toLowerCase() };
    case 'DeleteModel':
      return { kind: 'delete-model', model: model('name') };
    case 'AlterUniqueTogether':
      return {
        kind: 'together',
        option: 'uniqueTogether',
        model: model('name'),
        sets: togetherSets(args.keywords.get('unique_together') ?? args.positional[1]),
      };
    case 'AddConstraint':
    case 'AddConstraintNotValid':
      return notNullCheck(model(), args.keywords.get('constraint') ?? args.positional[1], calleeName(call) === 'AddConstraint');
    case 'ValidateConstraint':
      return { kind: 'not-null-check', model: model(), name: text('name', 1), validated: true };
    case 'RemoveConstraint':
      return { kind: 'remove-constraint', model: model(), name: text('name', 1) };
    case 'AlterIndexTogether':
      return {
        kind: 'together',
        option: 'indexTogether',
        model: model('name'),
        sets: togetherSets(args.keywords.get('index_together') ?? args.positional[1]),
      };
    default:
      return undefined;
  }
}

/** `models.CheckConstraint(check=models.Q(status__isnull=False), name="...")` (`condition=` since Django 5.1). */
function notNullCheck(model: string, constraint: Node | undefined, validated: boolean): StateChange | undefined {
  if (constraint?.type !== 'call' || calleeName(constraint) !== 'CheckConstraint') return undefined;
  const args = argumentsOf(constraint);
  const name = stringValue(args.keywords.get('name'))?.value ?? '';
  const condition = args.keywords.get('condition') ?? args.keywords.get('check');
  const only = condition?.type === 'call' ? argumentsOf(condition) : undefined;
  const test = only && only.positional.length === 0 && only.keywords.size === 1 ? [...only.keywords][0] : undefined;
  const column = test && test[1].text === 'False' ? /^(\w+?)__isnull$/.exec(test[0])?.[1] : undefined;
  return { kind: 'not-null-check', model, name, column, validated };
}

function createModel(model: string, fieldsNode: Node | undefined, options: Node | undefined): StateChange {
  const fields: Array<[string, FieldDefinition]> = [];
  for (const entry of fieldsNode?.namedChildren ?? []) {
    if (entry?.type !== 'tuple') continue;
    const [name, definition] = entry.namedChildren;
    const field = readField(definition ?? undefined);
    const fieldName = stringValue(name)?.value;
    if (field && fieldName) fields.push([fieldName, field]);
  }
  return {
    kind: 'create-model',
    model,
    hasTable: option(options, 'proxy')?.text !== 'True' && option(options, 'managed')?.text !== 'False',
    fields,
    uniqueTogether: togetherSets(option(options, 'unique_together')),
    indexTogether: togetherSets(option(options, 'index_together')),
  };
}

function option(options: Node | undefined, key: string): Node | undefined {
  const pair = options?.namedChildren.find((child) => child?.type === 'pair' && stringValue(child.childForFieldName('key'))?.value === key);
  return pair?.childForFieldName('value') ?? undefined;
}

/** `{("shop", "number"), ("code",)}`, `[("a", "b")]`, `("a", "b")` or `set()` → ["shop,number", "code"]. */
export function togetherSets(node: Node | undefined): string[] {
  if (!node) return [];
  const items = node.namedChildren.filter((child): child is Node => child !== null);
  if (items.length > 0 && items.every((item) => item.type === 'string'))
    return [items.map((item) => stringValue(item)?.value ?? '').join(',')];
  return items.flatMap((item) => (item.type === 'tuple' || item.type === 'list' ? togetherSets(item) : []));
}

export function applyChange(state: AppState, change: StateChange): void {
  const modelOf = (name: string) => {
    let model = state.get(name);
    if (!model) state.set(name, (model = { hasTable: true, fields: new Map(), uniqueTogether: new Set(), indexTogether: new Set() }));
    return model;
  };
  switch (change.kind) {
    case 'create-model':
      state.set(change.model, {
        hasTable: change.hasTable,
        fields: new Map(change.fields),
        uniqueTogether: new Set(change.uniqueTogether),
        indexTogether: new Set(change.indexTogether),
      });
      return;
    case 'set-field':
      modelOf(change.model).fields.set(change.field, change.definition);
      return;
    case 'remove-field':
      modelOf(change.model).fields.delete(change.field);
      return;
    case 'rename-field': {
      const fields = modelOf(change.model).fields;
      const definition = fields.get(change.from);
      fields.delete(change.from);
      if (definition) fields.set(change.to, definition);
      return;
    }
    case 'rename-model': {
      const model = state.get(change.from);
      state.delete(change.from);
      if (model) state.set(change.to, model);
      return;
    }
    case 'delete-model':
      state.delete(change.model);
      return;
    case 'together':
      modelOf(change.model)[change.option] = new Set(change.sets);
      return;
    case 'not-null-check': {
      const checks = (modelOf(change.model).notNullChecks ??= new Map());
      const known = checks.get(change.name);
      if (change.column) checks.set(change.name, { column: change.column, validated: change.validated });
      else if (known && change.validated) known.validated = true;
      return;
    }
    case 'remove-constraint':
      modelOf(change.model).notNullChecks?.delete(change.name);
      return;
  }
}

/** A validated CHECK (column IS NOT NULL) on the model: PostgreSQL 12+ sets NOT NULL without a scan. */
export function provenNotNull(model: ModelState | undefined, column: string): boolean {
  return [...(model?.notNullChecks?.values() ?? [])].some((check) => check.validated && check.column === column);
}
