import type { Document, LineCounter, Node as YamlNode, YAMLMap } from 'yaml';
import { yaml } from '../text/yaml';
import { patternLanguageOf } from '../syntax/languages';

/**
 * ast-grep rule files (`id`, `language`, `rule`, ... one rule per YAML document) included as they
 * are: each document becomes a team rule in place, so every problem is still found at its line.
 * ast-grep's `note` is Preflight's `help`, `url` its `docsUrl`, `hint` its `info`; a rule with
 * `severity: off` is left out, as ast-grep leaves it out.
 */
export function isAstGrepRuleFile(text: string): boolean {
  return /^id\s*:/m.test(text) && /^rule\s*:/m.test(text) && !/^rules\s*:/m.test(text);
}

/** A key of ast-grep's rule files that Preflight does not run yet, and what that means for the rule. */
const NOT_SUPPORTED: Readonly<Record<string, { skipsRule: boolean; why: string }>> = {
  transform: { skipsRule: true, why: 'its fix would miss the transformed metavariables, so the rule is left out' },
  rewriters: { skipsRule: true, why: 'its fix would miss the rewritten metavariables, so the rule is left out' },
  labels: { skipsRule: false, why: 'the rule runs without its labels' },
  metadata: { skipsRule: false, why: 'the rule runs without it' },
};

export interface KeyProblem {
  node: YamlNode;
  message: string;
  severity: 'error' | 'warning';
}

/** The file as a Preflight document `{rules: [...]}` built of the file's own YAML nodes, and the keys it cannot use. */
export function astGrepRulesDocument(
  text: string,
  lineCounter: LineCounter,
): { doc: Document; problems: KeyProblem[]; syntaxErrors: Array<{ pos: [number, number]; message: string }> } {
  const documents = yaml().parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const all = Array.isArray(documents) ? documents : [];
  const syntaxErrors = all.flatMap((document) => document.errors.map((error) => ({ pos: error.pos, message: error.message })));
  const problems: KeyProblem[] = [];
  const rules = new (yaml().YAMLSeq)();
  for (const document of all) {
    const rule = document.contents;
    if (!yaml().isMap(rule)) continue;
    if (toPreflightRule(rule, problems)) rules.items.push(rule);
  }
  const doc = new (yaml().Document)();
  const contents = new (yaml().YAMLMap)();
  contents.items.push(new (yaml().Pair)(new (yaml().Scalar)('rules'), rules));
  doc.contents = contents;
  return { doc, problems, syntaxErrors };
}

/** Renames ast-grep's keys in place; false when the rule is to be left out. */
function toPreflightRule(rule: YAMLMap, problems: KeyProblem[]): boolean {
  let keep = true;
  const renamed: Record<string, string> = { note: 'help', url: 'docsUrl' };
  for (const pair of [...rule.items]) {
    const key = pair.key;
    if (!yaml().isScalar(key) || typeof key.value !== 'string') continue;
    const name = key.value;
    if (Object.hasOwn(renamed, name)) key.value = renamed[name];
    else if (name === 'severity' && yaml().isScalar(pair.value)) {
      if (pair.value.value === 'off') keep = false;
      if (pair.value.value === 'hint') pair.value.value = 'info';
    } else if (name === 'language' && yaml().isScalar(pair.value) && typeof pair.value.value === 'string') {
      const language = patternLanguageOf(pair.value.value);
      if (language) pair.value.value = language;
      else
        problems.push({
          node: pair.value as YamlNode,
          message: `Preflight has no grammar for the language '${pair.value.value}'; the rule is left out.`,
          severity: 'error',
        });
      keep &&= language !== undefined;
    } else if (Object.hasOwn(NOT_SUPPORTED, name)) {
      const { skipsRule, why } = NOT_SUPPORTED[name];
      problems.push({
        node: key as YamlNode,
        message: `'${name}' is not supported yet: ${why}.`,
        severity: skipsRule ? 'error' : 'warning',
      });
      rule.items.splice(rule.items.indexOf(pair), 1);
      keep &&= !skipsRule;
    }
  }
  // ast-grep's message is optional; a Preflight finding always says something.
  if (!rule.has('message'))
    rule.items.push(
      new (yaml().Pair)(new (yaml().Scalar)('message'), new (yaml().Scalar)(`Matches the ast-grep rule ${String(rule.get('id'))}.`)),
    );
  return keep;
}
