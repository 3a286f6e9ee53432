/**
 * The team-rules benchmark's input: a 5,000-line TypeScript file and 100 rules of mixed kinds
 * (40 syntax patterns, 30 forbidden imports, 30 regexes), each also written as the ESLint rule a
 * team would otherwise use (`no-restricted-syntax`, `no-restricted-imports`), so both tools run
 * the same checks on the same text. Seeded: the same seed gives the same file.
 */
import { mulberry32 } from './corpus';

const OBJECTS = ['api', 'db', 'cache', 'queue', 'mailer', 'storage', 'billing', 'search', 'metrics', 'flags'];
const METHODS = ['get', 'post', 'query', 'enqueue', 'send', 'put', 'charge', 'find', 'track', 'isOn', 'legacyCall', 'unsafeRaw'];
const PACKAGES = ['lodash', 'moment', 'request', 'left-pad', 'underscore', 'jquery', 'bluebird', 'q', 'async', 'node-fetch'];

export interface BenchRule {
  id: string;
  message: string;
  kind: 'pattern' | 'forbid-import' | 'regex';
  /** Our matcher's source (pattern, module name or regex). */
  ours: string;
  /** The ESLint equivalent: a no-restricted-syntax selector or a no-restricted-imports name. */
  eslint: string;
}

export function benchRules(): BenchRule[] {
  const rules: BenchRule[] = [];
  for (let i = 0; i < 40; i++) {
    const object = OBJECTS[i % OBJECTS.length];
    const method = METHODS[(i * 7) % METHODS.length];
    rules.push({
      id: `pattern-${i}`,
      message: `Do not call ${object}.${method} directly.`,
      kind: 'pattern',
      ours: `${object}.${method}($$$ARGS)`,
      eslint: `CallExpression[callee.type='MemberExpression'][callee.object.name='${object}'][callee.property.name='${method}']`,
    });
  }
  for (let i = 0; i < 30; i++) {
    const name = i < PACKAGES.length ? PACKAGES[i] : `legacy-lib-${i}`;
    rules.push({ id: `import-${i}`, message: `'${name}' is not used here any more.`, kind: 'forbid-import', ours: name, eslint: name });
  }
  for (let i = 0; i < 30; i++) {
    rules.push({
      id: `regex-${i}`,
      message: `deprecatedHelper${i} is going away.`,
      kind: 'regex',
      ours: `\\bdeprecatedHelper${i}\\b`,
      eslint: `Identifier[name='deprecatedHelper${i}']`,
    });
  }
  return rules;
}

/** The rules as a `.preflight.yml`. */
export function preflightYaml(rules: readonly BenchRule[]): string {
  const lines = ['rules:'];
  for (const rule of rules) {
    const matcher =
      rule.kind === 'pattern'
        ? `pattern: '${rule.ours}'`
        : rule.kind === 'forbid-import'
          ? `forbid-import: '${rule.ours}'`
          : `regex: '${rule.ours}'`;
    lines.push(`  - id: ${rule.id}`, `    message: "${rule.message}"`, `    files: "**/*.ts"`, `    ${matcher}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same rules as an ESLint flat config entry (the parser is passed in by the caller). */
export function eslintRules(rules: readonly BenchRule[]): Record<string, unknown> {
  const restricted = rules.filter((r) => r.kind !== 'forbid-import').map((r) => ({ selector: r.eslint, message: r.message }));
  const imports = rules.filter((r) => r.kind === 'forbid-import');
  return {
    'no-restricted-syntax': ['error', ...restricted],
    'no-restricted-imports': [
      'error',
      {
        paths: imports.map((r) => ({ name: r.eslint, message: r.message })),
        patterns: imports.map((r) => ({ group: [`${r.eslint}/*`], message: r.message })),
      },
    ],
  };
}

/** A realistic-looking service module of `lineCount` lines: imports, then functions and classes calling clients. */
export function generateTypeScriptFile(lineCount = 5_000, seed = 7): string {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const from = random() < 0.25 ? pick(PACKAGES) : random() < 0.1 ? `legacy-lib-${10 + Math.floor(random() * 30)}/sub` : `./module${i}`;
    lines.push(`import { helper${i} } from '${from}';`);
  }
  lines.push('');
  let n = 0;
  while (lines.length < lineCount - 12) {
    n++;
    if (n % 10 === 0) {
      lines.push(
        `export class Service${n} {`,
        `  private readonly cache = new Map<string, number>();`,
        `  async run${n}(id: string): Promise<number> {`,
        `    const value = await ${pick(OBJECTS)}.${pick(METHODS)}(id, { retries: ${n % 5} });`,
        `    this.cache.set(id, value);`,
        '    return value;',
        '  }',
        '}',
        '',
      );
      continue;
    }
    lines.push(`/** Handles step ${n} of the order flow. */`);
    lines.push(`export async function handleStep${n}(order: { id: string; total: number }, attempt = 0): Promise<string | undefined> {`);
    lines.push(`  if (order.total <= ${n % 100}) return undefined;`);
    lines.push(`  const result = await ${pick(OBJECTS)}.${pick(METHODS)}(order.id, attempt);`);
    if (random() < 0.15) lines.push(`  deprecatedHelper${Math.floor(random() * 40)}(result);`);
    lines.push(`  for (const item of [order.id, String(result)]) helper${n % 40}(item);`);
    lines.push(`  return \`step-${n}-\${order.id}\`;`);
    lines.push('}', '');
  }
  while (lines.length < lineCount) lines.push(lines.length % 2 === 0 ? '' : `// filler ${lines.length}`);
  return `${lines.slice(0, lineCount).join('\n')}\n`;
}

/**
 * The whole-repository bench against ast-grep: 30 rules as ast-grep rule files (20 patterns, 5
 * rule objects that look inside the match, 5 that look at an ancestor), which Preflight runs
 * unchanged through `include:` and ast-grep through an sgconfig.yml naming the same folder.
 */
export function astGrepRuleFiles(): Array<{ path: string; text: string }> {
  const files: Array<{ path: string; text: string }> = [];
  const rule = (id: string, body: string[]) =>
    files.push({
      path: `rules/${id}.yml`,
      text: [`id: ${id}`, 'language: TypeScript', 'severity: warning', `message: ${id} is not allowed here.`, 'rule:', ...body, ''].join(
        '\n',
      ),
    });
  for (let i = 0; i < 20; i++) {
    const object = OBJECTS[i % OBJECTS.length];
    const method = METHODS[(i * 5 + 3) % METHODS.length];
    rule(`call-${i}`, [`  pattern: ${object}.${method}($$$ARGS)`]);
  }
  for (let i = 0; i < 5; i++)
    rule(`await-${i}`, ['  kind: await_expression', '  has:', `    pattern: ${OBJECTS[i]}.${METHODS[i]}($$$)`, '    stopBy: end']);
  for (let i = 0; i < 5; i++)
    rule(`in-class-${i}`, [`  pattern: ${OBJECTS[i + 5]}.$M($$$)`, '  inside:', '    kind: class_declaration', '    stopBy: end']);
  return files;
}

/** A repository of `count` TypeScript modules of about `lines` lines each, for a whole-repository scan. */
export function repositoryFiles(count = 1_000, lines = 120): Array<{ path: string; text: string }> {
  return Array.from({ length: count }, (_, i) => ({
    path: `src/module${Math.floor(i / 50)}/file${i}.ts`,
    text: generateTypeScriptFile(lines, 1000 + i),
  }));
}

/** 40 rule objects whose match must sit in a function: `inside` an ancestor of one kind. */
export function insideRulesYaml(): string {
  const lines = ['rules:'];
  for (let i = 0; i < 40; i++) {
    const object = OBJECTS[i % OBJECTS.length];
    const method = METHODS[(i * 7) % METHODS.length];
    lines.push(
      `  - id: inside-${i}`,
      `    message: "Do not call ${object}.${method} in a function."`,
      '    files: "**/*.ts"',
      `    rule: { pattern: "${object}.${method}($$$ARGS)", inside: { kind: function_declaration, stopBy: end } }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
