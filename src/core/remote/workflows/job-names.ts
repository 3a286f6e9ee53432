import { isDeepStrictEqual } from 'node:util';
import { re2js } from '../../text/re2';

/**
 * The check run names a job reports under, as GitHub names them: the job's `name:` (else its
 * id); for a matrix job without a `name:` expression, "name (value, value…)" with the values of
 * each combination; a `name:` with `${{ matrix.x }}` is filled in per combination instead.
 */
export interface JobCheckNames {
  exact: string[];
  /** Names that depend on the run (a computed matrix, a `name:` using `inputs`/`github`): whether a name fits them, and why. */
  computed?: { matches: (name: string) => boolean; why: string };
}

type Combination = Array<[string, unknown]>;

/** GitHub refuses a matrix of more jobs than this. */
const MAX_MATRIX_JOBS = 256;
/** Longer check names are cut by GitHub, in a way not documented. */
const MAX_NAME_LENGTH = 100;

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const MATRIX_REFERENCE = /^\s*matrix(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\])\s*$/;

export function jobCheckNames(id: string, name: unknown, matrix: unknown): JobCheckNames {
  const template = name === undefined || name === null ? undefined : String(name);
  const expressions = template ? [...template.matchAll(EXPRESSION)].map((m) => m[1]) : [];
  const expanded = expandMatrix(matrix);
  const base = template ?? id;
  const otherExpression = expressions.find((e) => !MATRIX_REFERENCE.test(e));
  if (otherExpression !== undefined)
    return computed(template!, `its name is computed from \${{${otherExpression}}}`, expressions.length === 0);
  if ('computed' in expanded) return computed(base, expanded.computed, expressions.length === 0);
  const names =
    expressions.length > 0
      ? expanded.combinations.map((combination) => fillMatrix(template!, combination))
      : expanded.combinations.map((combination) => (combination.length === 0 ? base : `${base} (${valuesOf(combination).join(', ')})`));
  const unique = [...new Set(names)];
  const long = unique.find((n) => n.length > MAX_NAME_LENGTH);
  if (long !== undefined)
    return { exact: unique.filter((n) => n.length <= MAX_NAME_LENGTH), computed: prefixOf(long, 'a name longer than 100 characters') };
  return { exact: unique };
}

function computed(template: string, why: string, withMatrixSuffix: boolean): JobCheckNames {
  const parts = template.split(EXPRESSION).map((part, index) => (index % 2 === 1 ? '.*' : escapeRegex(part)));
  const suffix = withMatrixSuffix ? '(?: \\(.*\\))?' : '';
  return { exact: [], computed: { matches: fullMatch(`^${parts.join('')}${suffix}$`), why } };
}

function prefixOf(name: string, why: string): JobCheckNames['computed'] {
  return { matches: fullMatch(`^${escapeRegex(name.slice(0, MAX_NAME_LENGTH - 3))}.*$`), why: `GitHub shortens ${why}` };
}

function fillMatrix(template: string, combination: Combination): string {
  const values = new Map(combination);
  return template.replace(EXPRESSION, (_whole, expression: string) => {
    const match = MATRIX_REFERENCE.exec(expression)!;
    const value = values.get(match[1] ?? match[2] ?? match[3]);
    return value === undefined ? '' : valuesOf([['', value]]).join(', ');
  });
}

/** The values GitHub lists in a matrix job's name: scalars as written, objects and lists by their values. */
function valuesOf(combination: Combination): string[] {
  const out: string[] = [];
  const add = (value: unknown): void => {
    if (value === null || value === undefined) out.push('');
    else if (Array.isArray(value)) value.forEach(add);
    else if (typeof value === 'object') Object.values(value).forEach(add);
    else out.push(String(value));
  };
  for (const [, value] of combination) add(value);
  return out;
}

/**
 * The combinations of a `strategy.matrix`, with GitHub's documented rules: the product of the
 * lists in key order, minus `exclude` (an entry matching all its keys), then each `include` entry
 * added to every combination whose original values it does not contradict, or as a new
 * combination when it fits none. A matrix written as an expression cannot be known.
 */
export function expandMatrix(matrix: unknown): { combinations: Combination[] } | { computed: string } {
  if (matrix === undefined || matrix === null) return { combinations: [[]] };
  if (typeof matrix === 'string') return { computed: `its matrix is computed when the workflow runs (${matrix.trim()})` };
  if (typeof matrix !== 'object' || Array.isArray(matrix)) return { computed: 'its matrix is not a mapping' };
  const entries = Object.entries(matrix as Record<string, unknown>);
  const lists = entries.filter(([key]) => key !== 'include' && key !== 'exclude');
  for (const [key, value] of lists) {
    if (!Array.isArray(value)) return { computed: `its matrix.${key} is computed when the workflow runs (${String(value).trim()})` };
    if (value.some((v) => typeof v === 'string' && v.includes('${{')))
      return { computed: `its matrix.${key} holds a value computed when the workflow runs` };
  }
  const include = (matrix as { include?: unknown }).include;
  const exclude = (matrix as { exclude?: unknown }).exclude;
  if (typeof include === 'string' || typeof exclude === 'string')
    return { computed: 'its matrix include/exclude is computed when the workflow runs' };
  let combinations: Combination[] = lists.length === 0 ? [] : [[]];
  for (const [key, values] of lists as Array<[string, unknown[]]>) {
    combinations = combinations.flatMap((combination) => values.map((value): Combination => [...combination, [key, value]]));
    if (combinations.length > MAX_MATRIX_JOBS) return { computed: `its matrix has more than ${MAX_MATRIX_JOBS} jobs` };
  }
  for (const rule of asObjects(exclude))
    combinations = combinations.filter(
      (combination) =>
        !Object.entries(rule).every(([key, value]) => combination.some(([k, v]) => k === key && isDeepStrictEqual(v, value))),
    );
  const originalKeys = new Set(lists.map(([key]) => key));
  const extended = combinations.map((combination) => ({ combination, added: new Map<string, unknown>() }));
  const created: Combination[] = [];
  for (const entry of asObjects(include)) {
    let fitted = false;
    for (const item of extended) {
      const fits = Object.entries(entry).every(
        ([key, value]) => !originalKeys.has(key) || item.combination.some(([k, v]) => k === key && isDeepStrictEqual(v, value)),
      );
      if (!fits) continue;
      fitted = true;
      for (const [key, value] of Object.entries(entry)) if (!originalKeys.has(key)) item.added.set(key, value);
    }
    if (!fitted) created.push(Object.entries(entry));
  }
  const all = [...extended.map(({ combination, added }): Combination => [...combination, ...added]), ...created];
  if (all.length === 0) return { combinations: [[]] };
  if (all.some((combination) => combination.some(([, v]) => typeof v === 'string' && v.includes('${{'))))
    return { computed: 'its matrix holds a value computed when the workflow runs' };
  return { combinations: all };
}

function asObjects(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))
    : [];
}

/** On RE2: a name template is repository content, and many `${{ }}` would make a backtracking regex hang. */
function fullMatch(pattern: string): (name: string) => boolean {
  const regex = re2js().RE2JS.compile(pattern, re2js().RE2JS.DOTALL);
  return (name) => regex.matcher(name).matches();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
