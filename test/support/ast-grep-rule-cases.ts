import type { RuleSpec } from '../../src/core/team-rules/rule-object';

/**
 * The rule objects the differential test runs through `ast-grep scan --rule` and Preflight on the
 * corpus of test/fixtures/ast-grep-corpus: each case is named by the rule-object key it exercises.
 * Every case must find something in the corpus (a case that matches nothing on both sides proves nothing).
 */
export interface RuleCase {
  key: string;
  language: string;
  /** The corpus files' extension for the language. */
  extension: string;
  spec: RuleSpec;
  /** Matches only one side finds, each a documented difference (docs/team-rules.md, "Differences from ast-grep"). */
  onlyPreflight?: string[];
  onlyAstGrep?: string[];
}

const ts = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'typescript', extension: '.ts', spec });
const py = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'python', extension: '.py', spec });
const rb = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'ruby', extension: '.rb', spec });
const go = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'go', extension: '.go', spec });
const java = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'java', extension: '.java', spec });
const js = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'javascript', extension: '.js', spec });
const rs = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'rust', extension: '.rs', spec });
const cs = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'csharp', extension: '.cs', spec });
const php = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'php', extension: '.php', spec });
const css = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'css', extension: '.css', spec });
const sh = (key: string, spec: RuleSpec): RuleCase => ({ key, language: 'bash', extension: '.sh', spec });

export const RULE_CASES: RuleCase[] = [
  // atomic
  ts('pattern', { rule: { pattern: 'console.log($$$)' } }),
  ts('pattern', { rule: { pattern: { context: 'class A { $F = $V }', selector: 'public_field_definition' } } }),
  ts('pattern', { rule: { pattern: { context: '{ $K: $V }', selector: 'pair' } } }),
  py('pattern', { rule: { pattern: { context: 'f($A, timeout=$T)', selector: 'keyword_argument' } } }),
  ts('kind', { rule: { kind: 'arrow_function' } }),
  py('kind', { rule: { kind: 'with_statement' } }),
  rb('kind', { rule: { kind: 'method' } }),
  go('kind', { rule: { kind: 'if_statement' } }),
  java('kind', { rule: { kind: 'method_invocation' } }),
  ts('regex', { rule: { kind: 'string', regex: '^.[a-z]+:' } }),
  py('regex', { rule: { kind: 'identifier', regex: '^_' } }),
  rb('regex', { rule: { kind: 'call', regex: 'render' } }),
  // relational
  ts('inside', { rule: { pattern: 'console.log($$$)', inside: { kind: 'function_declaration', stopBy: 'end' } } }),
  ts('inside', { rule: { kind: 'await_expression', inside: { kind: 'expression_statement' } } }),
  ts('inside', { rule: { kind: 'call_expression', inside: { kind: 'arrow_function', stopBy: { kind: 'class_declaration' } } } }),
  ts('inside', { rule: { kind: 'identifier', inside: { kind: 'call_expression', field: 'function' } } }),
  ts('inside', { rule: { kind: 'identifier', inside: { kind: 'if_statement', field: 'condition', stopBy: 'end' } } }),
  py('inside', { rule: { pattern: 'print($$$)', inside: { kind: 'function_definition', stopBy: 'end' } } }),
  go('inside', { rule: { kind: 'return_statement', inside: { kind: 'if_statement', stopBy: 'end' } } }),
  ts('has', { rule: { kind: 'function_declaration', has: { kind: 'return_statement', stopBy: 'end' } } }),
  ts('has', { rule: { kind: 'call_expression', has: { kind: 'member_expression', field: 'function', has: { regex: '^console$' } } } }),
  ts('has', { rule: { kind: 'function_declaration', has: { kind: 'return_statement', stopBy: { kind: 'arrow_function' } } } }),
  ts('has', { rule: { kind: 'if_statement', has: { field: 'condition', kind: 'parenthesized_expression' } } }),
  py('has', { rule: { kind: 'try_statement', has: { kind: 'except_clause', has: { kind: 'pass_statement', stopBy: 'end' } } } }),
  rb('has', { rule: { kind: 'method', has: { pattern: 'render $$$', stopBy: 'end' } } }),
  java('has', { rule: { kind: 'method_declaration', has: { kind: 'throw_statement', stopBy: 'end' } } }),
  ts('precedes', { rule: { kind: 'expression_statement', precedes: { kind: 'return_statement' } } }),
  ts('precedes', { rule: { kind: 'lexical_declaration', precedes: { kind: 'return_statement', stopBy: 'end' } } }),
  py('precedes', { rule: { kind: 'expression_statement', precedes: { kind: 'return_statement', stopBy: 'end' } } }),
  ts('follows', { rule: { kind: 'expression_statement', follows: { kind: 'lexical_declaration', stopBy: 'end' } } }),
  ts('follows', { rule: { kind: 'return_statement', follows: { kind: 'if_statement' } } }),
  go('follows', { rule: { kind: 'return_statement', follows: { kind: 'if_statement', stopBy: 'end' } } }),
  // composite
  ts('all', {
    rule: { all: [{ kind: 'call_expression' }, { pattern: '$F($A)' }, { has: { kind: 'arguments', has: { kind: 'identifier' } } }] },
  }),
  ts('any', { rule: { any: [{ pattern: 'console.log($$$)' }, { pattern: 'console.error($$$)' }] } }),
  py('any', { rule: { any: [{ pattern: 'print($$$)' }, { pattern: 'logger.$L($$$)' }] } }),
  ts('not', { rule: { pattern: '$F($$$A)', not: { pattern: 'console.log($$$)' }, inside: { kind: 'try_statement', stopBy: 'end' } } }),
  rb('not', { rule: { kind: 'call', not: { has: { kind: 'argument_list' } }, inside: { kind: 'method', stopBy: 'end' } } }),
  ts('matches', { rule: { matches: 'log-call' }, utils: { 'log-call': { pattern: 'console.$M($$$)' } } }),
  ts('matches', {
    rule: { kind: 'function_declaration', has: { matches: 'throws', stopBy: 'end' } },
    utils: { throws: { any: [{ kind: 'throw_statement' }, { pattern: 'Promise.reject($$$)' }] } },
  }),
  // metavariables across keys and constraints
  ts('constraints', { rule: { pattern: '$F($A)' }, constraints: { A: { kind: 'identifier' } } }),
  ts('constraints', { rule: { pattern: 'console.$M($$$)' }, constraints: { M: { regex: '^(log|error)$' } } }),
  py('constraints', { rule: { pattern: '$O.$M($$$)' }, constraints: { M: { regex: '^get' } } }),
  ts('metavariables', { rule: { pattern: 'const $V = $E', has: { pattern: '$V', stopBy: 'end' } } }),
  ts('metavariables', { rule: { pattern: 'const $V = $E', precedes: { pattern: 'return $V;', stopBy: 'end' } } }),
  py('metavariables', {
    rule: { kind: 'expression_statement', has: { pattern: '$V = $E' }, precedes: { pattern: 'return $V', stopBy: 'end' } },
  }),
  // fix ranges
  ts('fix', { rule: { pattern: 'console.log($X)' }, fix: 'logger.info($X)' }),
  ts('expandEnd', {
    rule: { pattern: 'console.log($$$)', inside: { kind: 'expression_statement' } },
    fix: { template: '', expandEnd: { regex: ';' } },
  }),
  ts('expandEnd', { rule: { kind: 'pair', inside: { kind: 'object' } }, fix: { template: '', expandEnd: { regex: ',' } } }),
  ts('expandStart', { rule: { kind: 'identifier', inside: { kind: 'arguments' } }, fix: { template: 'x', expandStart: { regex: ',' } } }),
  ts('expandStart', {
    rule: { kind: 'return_statement' },
    fix: { template: '', expandStart: { kind: 'lexical_declaration', stopBy: 'end' } },
  }),
  // strictness
  ts('strictness', { rule: { pattern: { context: 'console.log($X)', strictness: 'cst' } } }),
  ts('strictness', { rule: { pattern: { context: 'throw new Error($M);', strictness: 'cst' } } }),
  ts('strictness', { rule: { pattern: { context: 'function $F($$$P): $R { $$$ }', strictness: 'smart' } } }),
  ts('strictness', { rule: { pattern: { context: 'function $F($$$P): $R { $$$ }', strictness: 'cst' } } }),
  ts('strictness', { rule: { pattern: { context: 'function $F($P): $R { $$$ }', strictness: 'ast' } } }),
  ts('strictness', { rule: { pattern: { context: 'async function $F($P): $R { $$$ }', strictness: 'ast' } } }),
  ts('strictness', { rule: { pattern: { context: 'new Date()', strictness: 'ast' } } }),
  ts('strictness', { rule: { pattern: { context: 'throw new Error($M);', strictness: 'relaxed' } } }),
  ts('strictness', { rule: { pattern: { context: 'const $V = $E;', strictness: 'ast' } } }),
  ts('strictness', { rule: { pattern: { context: 'let $V = $E', strictness: 'signature' } } }),
  ts('strictness', { rule: { pattern: { context: 'f(a)', strictness: 'signature' } } }),
  py('strictness', { rule: { pattern: { context: 'def $F(self):\n    $$$', strictness: 'ast' } } }),
  rb('strictness', { rule: { pattern: { context: 'puts $X', strictness: 'relaxed' } } }),
  ts('strictness', { rule: { pattern: { context: 'console.log($X)', strictness: 'ast' } } }),
  ts('strictness', { rule: { pattern: { context: 'foo($X)', strictness: 'signature' } } }),
  ts('strictness', { rule: { pattern: { context: '$A.map($F)', strictness: 'relaxed' } } }),
  py('strictness', { rule: { pattern: { context: 'print($A)', strictness: 'signature' } } }),
  // languages of their own
  js('kind', { rule: { kind: 'jsx_element' } }),
  js('inside', { rule: { pattern: 'console.$M($$$)', inside: { kind: 'catch_clause', stopBy: 'end' } } }),
  rs('has', { rule: { kind: 'function_item', has: { pattern: '$X.unwrap()', stopBy: 'end' } } }),
  rs('inside', { rule: { kind: 'macro_invocation', inside: { kind: 'impl_item', stopBy: 'end' } } }),
  cs('inside', { rule: { pattern: 'Console.WriteLine($$$)', inside: { kind: 'method_declaration', stopBy: 'end' } } }),
  cs('has', { rule: { kind: 'catch_clause', has: { kind: 'throw_statement', stopBy: 'end' } } }),
  php('has', { rule: { kind: 'method_declaration', has: { pattern: 'var_dump($X)', stopBy: 'end' } } }),
  php('kind', { rule: { kind: 'echo_statement' } }),
  {
    ...css('pattern', { rule: { pattern: { context: 'a { color: red }', selector: 'declaration' } } }),
    // Difference 1: ast-grep ignores the `!important` after the pattern's last node.
    onlyAstGrep: ['site.css:103-125'],
  },
  css('has', { rule: { kind: 'rule_set', has: { kind: 'declaration', has: { kind: 'important' }, stopBy: 'end' } } }),
  sh('inside', { rule: { kind: 'command', inside: { kind: 'for_statement', stopBy: 'end' } } }),
  sh('pattern', { rule: { pattern: 'rm -rf $X' }, fix: 'rm -rf -- $X' }),
];

/** Rules ast-grep refuses to run: Preflight refuses them too, each with its reason at the key. */
export const REFUSED_RULES: Array<{ language: string; spec: RuleSpec; reason: string }> = [
  {
    language: 'typescript',
    spec: { rule: { regex: 'console' } },
    reason: "the rule does not say which kind of node it matches: add a 'kind' or a 'pattern' (ast-grep requires one too)",
  },
  { language: 'typescript', spec: { rule: { kind: 'no_such_kind' } }, reason: "'no_such_kind' is not a kind of node in typescript" },
  {
    language: 'typescript',
    spec: { rule: { kind: 'identifier', precedes: { kind: 'identifier', field: 'name' } } },
    reason: "'field' is for 'inside' and 'has' only",
  },
  {
    language: 'typescript',
    spec: { rule: { kind: 'identifier', inside: { kind: 'call_expression', field: 'no_such_field' } } },
    reason: "'no_such_field' is not a field of any node in typescript",
  },
  {
    language: 'typescript',
    spec: { rule: { pattern: { context: 'a = 1', selector: 'pair' } } },
    reason: "the context 'a = 1' has no pair node to select",
  },
  {
    language: 'typescript',
    spec: { rule: { matches: 'missing' } },
    reason: "there is no util rule named 'missing' in this rule's 'utils'",
  },
  {
    language: 'typescript',
    spec: { rule: { kind: 'call_expression', inside: { kind: 'arguments', stopBy: 'forever' as 'end' } } },
    reason: "stopBy is 'neighbor', 'end' or a rule object, not 'forever'",
  },
];
