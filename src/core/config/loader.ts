import { escapesRepository, readInsideRepository } from '../fs/inside-repository';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { yaml } from '../text/yaml';
import { compareFindings, type Finding } from '../findings/finding';
import { defaultConfig, type PreflightConfig, type TeamRuleConfig } from './types';
import { configValidator, type SchemaError } from './schema';
import { describeSchemaError } from './schema-messages';
import { includedSources, withIncludedRules, type IncludedSource } from './includes';
import { cachedConfig, rememberConfig } from './config-cache';
import { astGrepRulesDocument, isAstGrepRuleFile } from './ast-grep-rules';

export const CONFIG_FILE_NAMES = ['.preflight.yml', '.preflight.yaml', '.preflight.json'] as const;
export const CONFIG_SYNTAX_RULE = 'config/invalid-yaml';
export const CONFIG_SCHEMA_RULE = 'config/invalid';

export interface LoadedConfig {
  /** Always usable: the file's valid parts over the defaults. */
  config: PreflightConfig;
  /** Repository-relative path of the config file, when there is one. */
  file?: string;
  /** Problems in the config file, as findings on that file. */
  findings: Finding[];
}

export type ConfigPath = Array<string | number>;

/** The config file being checked: its name, and a finding at the YAML node of a path. */
export interface ConfigDocument {
  file: string;
  findingAt(path: ConfigPath, message: string): Finding;
}

/** A feature's check of its part of a schema-valid config: what cannot be used is left out, with a finding at its position. */
export type ConfigCheck = (config: PreflightConfig, document: ConfigDocument) => { config: PreflightConfig; findings: Finding[] };

/** A check that needs a parser loaded (team rules' syntax-tree patterns); parseConfigFully runs it. */
export type AsyncConfigCheck = (loaded: LoadedConfig) => Promise<LoadedConfig>;

/** The features' checks, which the composition root (engine/registry.ts) hands to `configLoader`. */
export interface ConfigChecks {
  checks: readonly ConfigCheck[];
  asyncChecks: readonly AsyncConfigCheck[];
}

export interface ConfigLoader {
  /**
   * Reads the configuration at the repository root; a missing file means the defaults. A config
   * that is a folder, a FIFO, a device, too large, or a symlink out of the repository is a finding
   * on it and the defaults apply.
   */
  loadConfig(root: string, fileName?: string): Promise<LoadedConfig>;
  /**
   * parseConfig, plus the checks that need a parser loaded (team rules' syntax-tree patterns) and,
   * given the repository root, the rules of the files named by `include:`.
   */
  parseConfigFully(text: string, file: string, root?: string): Promise<LoadedConfig>;
  /**
   * Parses and validates config text. Never throws: syntax errors fall back to the defaults,
   * schema errors drop only the invalid parts, and every problem is a finding at its line.
   */
  parseConfig(text: string, file: string): LoadedConfig;
}

/** A configuration file larger than this is not a configuration file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The config layer knows no feature: each feature's checks come in from above. */
export function configLoader({ checks, asyncChecks }: ConfigChecks): ConfigLoader {
  const parseConfig = (text: string, file: string) => parseAndCheck(text, file, checks);
  const parseWithSources = async (text: string, file: string, root?: string) => {
    let loaded = parseConfig(text, file);
    for (const check of asyncChecks) loaded = await check(loaded);
    if (root === undefined) return { loaded, included: [] as IncludedSource[] };
    const included = await includedSources(root, loaded.config.include);
    return { loaded: await withIncludedRules(loaded, included, (partText, partFile) => parseConfigFully(partText, partFile)), included };
  };
  const parseConfigFully = async (text: string, file: string, root?: string): Promise<LoadedConfig> =>
    (await parseWithSources(text, file, root)).loaded;
  const loadConfig = async (root: string, fileName?: string): Promise<LoadedConfig> => {
    for (const name of fileName ? [fileName] : CONFIG_FILE_NAMES) {
      const read = readInsideRepository(root, name, MAX_CONFIG_BYTES);
      if ('problem' in read) {
        if (read.problem === 'does not exist' && !fileName) continue;
        const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
        return {
          config: defaultConfig(),
          file: name,
          findings: [configFinding(name, CONFIG_SCHEMA_RULE, at, `${name} ${read.problem}: Preflight uses its defaults.`)],
        };
      }
      const cached = await cachedConfig(name, read.text, root);
      if (cached) return cached;
      const { loaded, included } = await parseWithSources(read.text, name, root);
      rememberConfig({ file: name, text: read.text, included }, loaded);
      return loaded;
    }
    return { config: defaultConfig(), findings: [] };
  };
  return { loadConfig, parseConfigFully, parseConfig };
}

function parseAndCheck(text: string, file: string, checks: readonly ConfigCheck[]): LoadedConfig {
  const lineCounter = new (yaml().LineCounter)();
  const at = (start: number, end: number) => toRange(lineCounter, start, end);
  // An included ast-grep rule file runs as it is: its documents are read as team rules in place.
  const astGrep = isAstGrepRuleFile(text) ? astGrepRulesDocument(text, lineCounter) : undefined;
  const doc = astGrep?.doc ?? yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors = astGrep?.syntaxErrors ?? doc.errors;
  if (errors.length > 0) {
    const findings = errors.map((error) =>
      configFinding(file, CONFIG_SYNTAX_RULE, at(error.pos[0], error.pos[1]), `YAML syntax error: ${firstLine(error.message)}`),
    );
    return { config: defaultConfig(), file, findings };
  }
  const keyFindings = (astGrep?.problems ?? []).map((problem) => ({
    ...configFinding(file, CONFIG_SCHEMA_RULE, at(problem.node.range![0], problem.node.range![1]), problem.message),
    severity: problem.severity,
  }));
  const data: unknown = doc.toJS() ?? {};
  const validate = configValidator();
  const document: ConfigDocument = { file, findingAt: (path, message) => findingAtNode(file, doc, lineCounter, path, message) };
  if (validate(data)) return withChecks(buildConfig(data as Record<string, unknown>, doc, lineCounter), keyFindings, document, checks);

  const schemaErrors = relevantErrors(validate.errors ?? []);
  const findings = schemaErrors
    .map((error) => {
      const path = pointerToPath(error.instancePath);
      const [start, end] = locate(doc, path, error);
      const { message, help } = describeSchemaError(error, path);
      return configFinding(file, CONFIG_SCHEMA_RULE, at(start, end), message, help);
    })
    .sort(compareFindings);
  return withChecks(buildConfig(removeInvalidParts(data, schemaErrors), doc, lineCounter), [...keyFindings, ...findings], document, checks);
}

function withChecks(config: PreflightConfig, findings: Finding[], document: ConfigDocument, checks: readonly ConfigCheck[]): LoadedConfig {
  let checked = containedIncludes(config, document);
  const all = [...findings, ...checked.findings];
  for (const check of checks) {
    checked = check(checked.config, document);
    all.push(...checked.findings);
  }
  return { config: checked.config, file: document.file, findings: all.sort(compareFindings) };
}

/** `include:` must name files inside the repository. */
function containedIncludes(config: PreflightConfig, document: ConfigDocument): { config: PreflightConfig; findings: Finding[] } {
  const { kept, findings } = containedGlobs(config.include, ['include'], document);
  return { config: { ...config, include: kept }, findings };
}

/** The globs at `path` that name files inside the repository; each one that leaves it is reported at its node and left out. */
export function containedGlobs(globs: string[], path: ConfigPath, document: ConfigDocument): { kept: string[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const kept = globs.filter((glob, index) => {
    if (!escapesRepository(glob)) return true;
    const message = `'${glob}' leaves the repository: ${path.join('.')} names files inside it (no absolute path, no '..'). It is ignored.`;
    findings.push(document.findingAt([...path, index], message));
    return false;
  });
  return { kept, findings };
}

/** A config problem at the YAML node at `path` (line 1 when the node has no position). */
function findingAtNode(file: string, doc: Document, lineCounter: LineCounter, path: ConfigPath, message: string): Finding {
  const node = doc.getIn(path, true) as YamlNode | undefined;
  const range = node?.range ? toRange(lineCounter, node.range[0], node.range[1]) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return configFinding(file, CONFIG_SCHEMA_RULE, range, message);
}

function buildConfig(data: Record<string, unknown>, doc: Document, lineCounter: LineCounter): PreflightConfig {
  const config = deepMerge(defaultConfig(), data) as PreflightConfig;
  if (isObject(data.postgres) && data.postgres.version !== undefined) config.postgres = { ...config.postgres, setInFile: true };
  config.rules = (config.rules ?? []).filter(Boolean).map((rule: TeamRuleConfig & { __index?: number }, position) => {
    const { __index, ...clean } = rule;
    const node = doc.getIn(['rules', __index ?? position], true) as YamlNode | undefined;
    if (!node?.range) return clean;
    const definedAtLine = lineCounter.linePos(node.range[0]).line;
    // A pattern's or rule object's problems are found after the schema, below the rule's own line.
    const nested = clean.rule !== undefined || clean.pattern !== undefined;
    return nested ? { ...clean, definedAtLine, keyLines: keyLinesOf(node, lineCounter) } : { ...clean, definedAtLine };
  });
  return config;
}

/** The line of each key and list item below a rule, by dotted path (`rule.all.0.pattern`). */
function keyLinesOf(node: YamlNode, lineCounter: LineCounter): Record<string, number> {
  const lines: Record<string, number> = {};
  const visit = (current: unknown, prefix: string) => {
    if (yaml().isMap(current)) {
      for (const pair of current.items) {
        const key = pair.key as YamlNode | null;
        if (!yaml().isScalar(key) || !key.range) continue;
        const path = `${prefix}${String(key.value)}`;
        lines[path] = lineCounter.linePos(key.range[0]).line;
        visit(pair.value, `${path}.`);
      }
    } else if (yaml().isSeq(current)) {
      current.items.forEach((item, index) => {
        const range = (item as YamlNode | null)?.range;
        if (range) lines[`${prefix}${index}`] = lineCounter.linePos(range[0]).line;
        visit(item, `${prefix}${index}.`);
      });
    }
  };
  visit(node, '');
  return lines;
}

/** ajv reports every branch of a failed oneOf; the oneOf's own message says it better. */
function relevantErrors(errors: SchemaError[]): SchemaError[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  return errors.filter(
    (e) =>
      !oneOfs.some(
        (o) => o !== e && e.instancePath === o.instancePath && e.schemaPath.startsWith(o.schemaPath.replace(/\/oneOf$/, '/oneOf/')),
      ),
  );
}

/** Removes what failed validation so that the rest of the file still applies. */
function removeInvalidParts(data: unknown, errors: SchemaError[]): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const copy = structuredClone(data) as Record<string, unknown>;
  if (Array.isArray(copy.rules)) copy.rules = copy.rules.map((rule, index) => (isObject(rule) ? { ...rule, __index: index } : rule));
  const badRules = new Set<number>();
  for (const error of errors) {
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
    if (path.length === 0) return {};
    if (path[0] === 'rules' && typeof path[1] === 'number') badRules.add(path[1]);
    else deleteAt(copy, path.slice(0, firstIndexPosition(path)));
  }
  if (Array.isArray(copy.rules)) copy.rules = copy.rules.filter((_, index) => !badRules.has(index));
  return copy;
}

function firstIndexPosition(path: ConfigPath): number {
  const index = path.findIndex((segment) => typeof segment === 'number');
  return index < 0 ? path.length : Math.max(index, 1);
}

function deleteAt(target: Record<string, unknown>, path: ConfigPath): void {
  let node: unknown = target;
  for (const segment of path.slice(0, -1)) node = isObject(node) ? node[segment as string] : undefined;
  if (isObject(node)) delete node[path[path.length - 1] as string];
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerToPath(pointer: string): ConfigPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** The source offsets to underline for an error: the offending key for unknown keys, else the value. */
function locate(doc: Document, path: ConfigPath, error: SchemaError): [number, number] {
  if (error.keyword === 'additionalProperties') {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (yaml().isMap(parent)) {
      const pair = parent.items.find(
        (item) => yaml().isPair(item) && yaml().isScalar(item.key) && item.key.value === error.params.additionalProperty,
      );
      const key = pair?.key as YamlNode | undefined;
      if (key?.range) return [key.range[0], key.range[1]];
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as YamlNode | null | undefined;
    if (node?.range) return yaml().isMap(node) ? keyRangeOfMap(node) : [node.range[0], node.range[1]];
  }
  return [0, 0];
}

/** A whole mapping would underline many lines; its first key is where the eye goes. */
function keyRangeOfMap(node: YamlNode): [number, number] {
  const first = yaml().isMap(node) ? (node.items[0]?.key as YamlNode | undefined) : undefined;
  return first?.range ? [first.range[0], first.range[1]] : [node.range![0], node.range![1]];
}

function toRange(lineCounter: LineCounter, start: number, end: number) {
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(Math.max(end, start));
  return {
    line: from.line,
    column: from.col,
    endLine: to.line,
    endColumn: to.line === from.line && to.col <= from.col ? from.col + 1 : to.col,
  };
}

function configFinding(file: string, ruleId: string, range: ReturnType<typeof toRange>, message: string, help?: string): Finding {
  return { ruleId, severity: 'error', file, ...range, message, ...(help ? { help } : {}) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
