import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../syntax/tree-sitter';
import type { JobDefinition } from './model';

/** Celery tasks in a Python file: functions decorated with `@shared_task`, `@app.task`, `@celery.task`. */
export async function celeryTasks(text: string): Promise<JobDefinition[]> {
  if (!/\b(shared_task|task)\b/.test(text)) return [];
  const tree = await parseSyntax('python', text);
  try {
    return tree.rootNode.descendantsOfType('decorated_definition').flatMap((node) => (node ? taskOf(node) : []));
  } finally {
    tree.delete();
  }
}

function taskOf(definition: Node): JobDefinition[] {
  const fn = definition.childForFieldName('definition');
  const name = fn?.childForFieldName('name');
  if (!fn || fn.type !== 'function_definition' || !name) return [];
  const decorator = definition.namedChildren.find((d): d is Node => d?.type === 'decorator' && isTaskDecorator(d));
  if (!decorator) return [];
  const call = decorator.namedChildren.find((c) => c?.type === 'call') ?? undefined;
  const keywords = call?.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a?.type === 'keyword_argument') ?? [];
  const keyword = (key: string) => keywords.find((k) => k.childForFieldName('name')?.text === key)?.childForFieldName('value');
  const task: JobDefinition = { framework: 'celery', name: name.text, at: { start: name.startIndex, end: name.endIndex } };
  const queue = keyword('queue');
  if (queue?.type === 'string') task.queue = { name: stringValue(queue), at: { start: decorator.startIndex, end: decorator.endIndex } };
  const parameters = fn.childForFieldName('parameters');
  if (parameters) {
    const bound = keyword('bind')?.text === 'True';
    task.params = parameters.namedChildren
      .filter((p): p is Node => p !== null && p.type !== 'comment')
      .map((p) => p.text.replace(/\s+/g, ' '))
      .slice(bound ? 1 : 0);
    task.paramsAt = { start: parameters.startIndex, end: parameters.endIndex };
  }
  return [task];
}

function isTaskDecorator(decorator: Node): boolean {
  const expression = decorator.namedChildren[0];
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
  const text = callee?.text ?? '';
  return text === 'shared_task' || /(^|\.)task$/.test(text);
}

function stringValue(node: Node): string {
  return node.namedChildren
    .filter((c) => c?.type === 'string_content')
    .map((c) => c!.text)
    .join('');
}
