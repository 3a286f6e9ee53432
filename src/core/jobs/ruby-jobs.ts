import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../syntax/tree-sitter';
import type { JobDefinition } from './model';

const SIDEKIQ_MODULES = new Set(['Sidekiq::Job', 'Sidekiq::Worker']);

/** Sidekiq and ActiveJob job classes in a Ruby file, read from its syntax tree. */
export async function rubyJobs(text: string): Promise<JobDefinition[]> {
  if (!/Sidekiq::|Job\b|queue_as|sidekiq_options/.test(text)) return [];
  const tree = await parseSyntax('ruby', text);
  try {
    return tree.rootNode.descendantsOfType('class').flatMap((klass) => (klass ? jobOf(klass) : []));
  } finally {
    tree.delete();
  }
}

function jobOf(klass: Node): JobDefinition[] {
  const nameNode = klass.childForFieldName('name');
  if (!nameNode) return [];
  const superclass = klass.childForFieldName('superclass')?.text.replace(/^<\s*/, '') ?? '';
  const body = klass.childForFieldName('body') ?? klass.namedChildren.find((c) => c?.type === 'body_statement');
  const calls = body ? body.namedChildren.filter((c): c is Node => c?.type === 'call' || c?.type === 'identifier') : [];
  const includes = calls.filter((c) => methodName(c) === 'include').flatMap((c) => argumentNodes(c).map((a) => a.text));
  const framework = includes.some((m) => SIDEKIQ_MODULES.has(m))
    ? 'sidekiq'
    : /(^|::)(ApplicationJob|ActiveJob::Base)$/.test(superclass) || /Job$/.test(superclass)
      ? 'activejob'
      : undefined;
  if (!framework) return [];
  const job: JobDefinition = { framework, name: nameNode.text, at: { start: nameNode.startIndex, end: nameNode.endIndex } };
  for (const call of calls) {
    const queue = queueOf(call);
    if (queue) job.queue = queue;
  }
  const perform = body?.namedChildren.find((c) => c?.type === 'method' && c.childForFieldName('name')?.text === 'perform');
  if (perform) {
    const parameters = perform.childForFieldName('parameters');
    job.params = parameters
      ? parameters.namedChildren.filter((p): p is Node => p !== null && p.type !== 'comment').map((p) => p.text.replace(/\s+/g, ' '))
      : [];
    const where = parameters ?? perform.childForFieldName('name')!;
    job.paramsAt = { start: where.startIndex, end: where.endIndex };
  }
  return [job];
}

function methodName(call: Node): string | undefined {
  return call.type === 'identifier' ? call.text : call.childForFieldName('method')?.text;
}

function argumentNodes(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
}

/** `sidekiq_options queue: 'mailers'`, `sidekiq_options 'queue' => :mailers`, `queue_as :mailers`. */
function queueOf(call: Node): JobDefinition['queue'] {
  const name = methodName(call);
  const args = argumentNodes(call);
  if (name === 'queue_as' && args[0]) {
    const queue = literalValue(args[0]);
    return queue === undefined ? undefined : { name: queue, at: { start: call.startIndex, end: call.endIndex } };
  }
  if (name !== 'sidekiq_options') return undefined;
  for (const pair of args.flatMap((a) => (a.type === 'pair' ? [a] : a.namedChildren.filter((c): c is Node => c?.type === 'pair')))) {
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (!key || !value || key.text.replace(/^[:'"]|['":]$/g, '').replace(/:$/, '') !== 'queue') continue;
    const queue = literalValue(value);
    if (queue !== undefined) return { name: queue, at: { start: call.startIndex, end: call.endIndex } };
  }
  return undefined;
}

/** `:mailers`, `'mailers'`, `"mailers"`; undefined for anything computed. */
function literalValue(node: Node): string | undefined {
  if (node.type === 'simple_symbol') return node.text.slice(1);
  if (node.type === 'string' && node.namedChildren.every((c) => c?.type === 'string_content')) return node.namedChildren[0]?.text ?? '';
  return undefined;
}
