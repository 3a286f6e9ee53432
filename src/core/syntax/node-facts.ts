import type { Node } from 'web-tree-sitter';

type NodeClass = typeof Node;

/** What a node of a given tree keeps: its symbol, whether it is named, its end (-1: not asked yet). */
class Facts {
  typeId = -1;
  named = -1;
  end = -1;
}

const FACTS = Symbol('facts');
const patched = new WeakSet<NodeClass>();

type WithFacts = Node & { [FACTS]?: Facts };

/**
 * Makes web-tree-sitter's Node remember its kind, namedness and end once asked. Each of these
 * getters writes the node into the parser's transfer buffer and calls into WebAssembly, every
 * time; matching rules asks a node's kind a dozen times (a 1,000-file scan: 181,000 kinds,
 * 104,000 ends and 62,000 "named" for 1,000 trees). They cannot change for a node of its tree;
 * `edit()`, which moves a node, forgets them.
 */
export function rememberNodeFacts(NodeClass: NodeClass): void {
  if (patched.has(NodeClass)) return;
  patched.add(NodeClass);
  const proto = NodeClass.prototype;
  const typeId = getter(proto, 'typeId');
  const isNamed = getter(proto, 'isNamed');
  const endIndex = getter(proto, 'endIndex');
  Object.defineProperty(proto, 'typeId', {
    configurable: true,
    get(this: WithFacts): number {
      const facts = (this[FACTS] ??= new Facts());
      return facts.typeId >= 0 ? facts.typeId : (facts.typeId = typeId.call(this) as number);
    },
  });
  Object.defineProperty(proto, 'isNamed', {
    configurable: true,
    get(this: WithFacts): boolean {
      const facts = (this[FACTS] ??= new Facts());
      if (facts.named < 0) facts.named = isNamed.call(this) ? 1 : 0;
      return facts.named === 1;
    },
  });
  Object.defineProperty(proto, 'endIndex', {
    configurable: true,
    get(this: WithFacts): number {
      const facts = (this[FACTS] ??= new Facts());
      return facts.end >= 0 ? facts.end : (facts.end = endIndex.call(this) as number);
    },
  });
  const edit = proto.edit;
  proto.edit = function (this: WithFacts, ...args: Parameters<Node['edit']>): void {
    this[FACTS] = undefined;
    edit.apply(this, args);
  };
}

function getter(proto: Node, name: 'typeId' | 'isNamed' | 'endIndex'): () => unknown {
  const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
  if (!get) throw new Error(`web-tree-sitter's Node has no ${name} getter`);
  return get;
}
