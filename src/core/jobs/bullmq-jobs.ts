import type { Node } from 'web-tree-sitter';
import { parseSyntax, type GrammarName } from '../syntax/tree-sitter';
import type { JobDefinition, Span } from './model';

export interface BullmqUsage {
  /** `new Queue('emails')`: a producer; its name is the queue. */
  queues: JobDefinition[];
  /** `new Worker('emails', ...)`: the queues this file processes. */
  workers: Array<{ name: string; at: Span }>;
}

/** BullMQ producers and workers in a JavaScript/TypeScript file. */
export async function bullmqUsage(text: string, grammar: GrammarName): Promise<BullmqUsage> {
  const usage: BullmqUsage = { queues: [], workers: [] };
  if (!text.includes('bullmq')) return usage;
  const tree = await parseSyntax(grammar, text);
  try {
    for (const node of tree.rootNode.descendantsOfType('new_expression')) {
      const constructor = node?.childForFieldName('constructor')?.text;
      const first = node?.childForFieldName('arguments')?.namedChildren[0];
      if (!node || !first || (first.type !== 'string' && first.type !== 'template_string')) continue;
      const name = first.namedChildren
        .filter((c): c is Node => c?.type === 'string_fragment')
        .map((c) => c.text)
        .join('');
      const at = { start: node.startIndex, end: node.endIndex };
      if (constructor === 'Queue') usage.queues.push({ framework: 'bullmq', name, at, queue: { name, at } });
      if (constructor === 'Worker') usage.workers.push({ name, at });
    }
    return usage;
  } finally {
    tree.delete();
  }
}
