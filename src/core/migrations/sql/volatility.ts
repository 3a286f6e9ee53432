import { IMMUTABLE_FUNCTIONS, STABLE_FUNCTIONS, VOLATILE_FUNCTIONS } from './function-volatility.generated';

export type Volatility = 'immutable' | 'stable' | 'volatile';

type AstNode = Record<string, unknown>;

let catalogue: Map<string, Volatility> | undefined;

/** PostgreSQL's own pg_proc.provolatile, by function name (built once, on first use). */
function functionCatalogue(): Map<string, Volatility> {
  if (!catalogue) {
    catalogue = new Map();
    const classes: Array<[string, Volatility]> = [
      [IMMUTABLE_FUNCTIONS, 'immutable'],
      [STABLE_FUNCTIONS, 'stable'],
      [VOLATILE_FUNCTIONS, 'volatile'],
    ];
    for (const [names, volatility] of classes) for (const name of names.split(' ')) catalogue.set(name, volatility);
  }
  return catalogue;
}

/** A function PostgreSQL does not ship is the project's own, and CREATE FUNCTION makes it VOLATILE unless told otherwise. */
export function functionVolatility(name: string): Volatility {
  return functionCatalogue().get(name.toLowerCase()) ?? 'volatile';
}

const RANK: Record<Volatility, number> = { immutable: 0, stable: 1, volatile: 2 };

/**
 * The volatility of an expression of the parse tree, as PostgreSQL's contain_volatile_functions
 * sees it: the most volatile function it calls. Operators, casts, ARRAY[...], CASE and constants of
 * built-in types call only immutable or stable functions; CURRENT_TIMESTAMP and friends are stable.
 * A subquery cannot appear in a default and is taken as volatile.
 */
export function expressionVolatility(expression: unknown): Volatility {
  let worst: Volatility = 'immutable';
  const raise = (volatility: Volatility) => {
    if (RANK[volatility] > RANK[worst]) worst = volatility;
  };
  const visit = (value: unknown): void => {
    if (worst === 'volatile' || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    for (const [type, node] of Object.entries(value as AstNode)) {
      if (type === 'FuncCall') raise(functionVolatility(lastNamePart((node as AstNode).funcname)));
      else if (type === 'SQLValueFunction') raise('stable');
      else if (type === 'SubLink') raise('volatile');
      visit(node);
    }
  };
  visit(expression);
  return worst;
}

function lastNamePart(names: unknown): string {
  const items = (names as AstNode[] | undefined) ?? [];
  const last = items[items.length - 1]?.String as AstNode | undefined;
  return String(last?.sval ?? '');
}
