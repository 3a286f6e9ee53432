import { createTwoFilesPatch } from 'diff';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { loadConfig, parseConfigFully } from '../../core/engine/registry';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { runRuleTests } from '../../core/team-rules/rule-tests';
import { formatFindingsText } from '../format';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';
import { rootFolder } from '../paths';

export const RULES_USAGE = `preflight rules test [--root DIR] [--config FILE]

Runs the examples in each team rule's \`tests: { valid: [...], invalid: [...] }\`: a valid
example must not be reported, an invalid one must be; an invalid one written
\`{ code: ..., output: ... }\` must also become \`output\` once the rule's fixes are applied.
Exit 1 if any example fails.`;

export async function runRules(argv: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'test') {
    io.out(RULES_USAGE);
    return action === '--help' || action === '-h' ? EXIT.ok : EXIT.usage;
  }
  const { values } = parseArgs({ args: rest, options: { root: { type: 'string' }, config: { type: 'string' } } });
  const dir = rootFolder(io.cwd, values.root);
  const root = (await findRepositoryRoot(dir)) ?? dir;
  const loaded = values.config
    ? await parseConfigFully(
        await readFile(resolve(io.cwd, values.config), 'utf8').catch(() => Promise.reject(new UsageError(`cannot read ${values.config}`))),
        relative(io.cwd, resolve(io.cwd, values.config)),
        root,
      )
    : await loadConfig(root);
  if (loaded.findings.some((f) => f.severity === 'error')) {
    io.err(formatFindingsText(loaded.findings, io.color));
    return EXIT.usage;
  }
  const results = await runRuleTests(loaded.config);
  for (const result of results) {
    const label = `${result.ruleId} ${result.kind}[${result.index}]`;
    if (result.passed) io.out(`  ✔ ${label}`);
    else io.out(`  ✖ ${label}: ${result.problem}\n${indented(result.output ? outputDiff(result.output) : result.code)}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  const rules = new Set(results.map((r) => r.ruleId)).size;
  io.out(`\n${results.length - failed} passed, ${failed} failed (${results.length} examples in ${rules} rules)`);
  return failed > 0 ? EXIT.blocked : EXIT.ok;
}

function indented(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

/** The expected output against what the fixes gave, as a unified diff without its file header. */
function outputDiff({ expected, actual }: { expected: string; actual: string }): string {
  const patch = createTwoFilesPatch('expected output', 'after the fixes', expected, actual, undefined, undefined, { context: 2 });
  return patch
    .split('\n')
    .filter((line) => line !== '' && !/^={3,}$/.test(line))
    .join('\n');
}
