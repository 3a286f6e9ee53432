import { globMatcher } from '../text/glob';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseSyntax } from '../syntax/tree-sitter';
import { FRAMEWORKS, type FrameworkId } from './frameworks';

/** What a test runner collects: its globs and where they were read from. */
export interface Collection {
  framework: FrameworkId;
  globs: string[];
  byBasename: boolean;
  /** "vitest.config.ts (test.include)" or "Vitest's default include". */
  source: string;
  collects(path: string): boolean;
}

const FRESH_MS = 5_000;
const cache = new Map<string, { at: number; collection: Promise<Collection> }>();

/** The files the framework's runner collects in this repository, from its config or its defaults. */
export function runnerCollection(root: string, framework: FrameworkId): Promise<Collection> {
  const key = `${root}\0${framework}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.collection;
  const collection = readCollection(root, framework);
  cache.set(key, { at: Date.now(), collection });
  return collection;
}

async function readCollection(root: string, framework: FrameworkId): Promise<Collection> {
  const configured = await configuredGlobs(root, framework).catch(() => undefined);
  const known = FRAMEWORKS[framework];
  const globs = configured?.globs ?? known.defaultCollects;
  const byBasename = known.collectsByBasename === true;
  const matches = globMatcher(
    globs.map((glob) => glob.replace(/^\.\//, '')),
    { dot: true },
  );
  return {
    framework,
    globs,
    byBasename,
    source: configured?.source ?? `${known.label}'s default`,
    collects: (path) => matches(byBasename ? posix.basename(path) : path),
  };
}

type Found = { globs: string[]; source: string } | undefined;

async function configuredGlobs(root: string, framework: FrameworkId): Promise<Found> {
  const read = (file: string) => readFile(join(root, file), 'utf8');
  const first = (files: string[]) => files.find((file) => existsSync(join(root, file)));
  const scriptConfig = (tool: string) => first(['ts', 'mts', 'js', 'mjs', 'cjs', 'cts'].map((ext) => `${tool}.config.${ext}`));
  switch (framework) {
    case 'vitest': {
      const file = scriptConfig('vitest') ?? scriptConfig('vite');
      return file ? stringArrayIn(await read(file), 'include', file) : undefined;
    }
    case 'jest': {
      const file = scriptConfig('jest');
      if (file) return stringArrayIn(await read(file), 'testMatch', file);
      return fromPackageJson(
        root,
        (manifest) => (manifest.jest as { testMatch?: unknown } | undefined)?.testMatch,
        'package.json (jest.testMatch)',
      );
    }
    case 'mocha':
      return mochaSpec(root);
    case 'pytest':
      return pytestFiles(root);
    default:
      return undefined;
  }
}

async function mochaSpec(root: string): Promise<Found> {
  for (const file of ['.mocharc.json', '.mocharc.yml', '.mocharc.yaml']) {
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const spec = asStrings((parseYaml(text) as { spec?: unknown } | null)?.spec);
    if (spec) return { globs: spec, source: `${file} (spec)` };
  }
  for (const file of ['.mocharc.js', '.mocharc.cjs']) {
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (text !== undefined) return stringArrayIn(text, 'spec', file);
  }
  return fromPackageJson(root, (manifest) => (manifest.mocha as { spec?: unknown } | undefined)?.spec, 'package.json (mocha.spec)');
}

async function pytestFiles(root: string): Promise<Found> {
  for (const file of ['pytest.ini', 'pyproject.toml', 'tox.ini', 'setup.cfg']) {
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    const line = text && /^\s*python_files\s*=\s*(.+)$/m.exec(text);
    if (line)
      return {
        globs: line[1]
          .replace(/[[\]"',]/g, ' ')
          .split(/\s+/)
          .filter(Boolean),
        source: `${file} (python_files)`,
      };
  }
  return undefined;
}

async function fromPackageJson(root: string, pick: (manifest: Record<string, unknown>) => unknown, source: string): Promise<Found> {
  const text = await readFile(join(root, 'package.json'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const globs = asStrings(pick(JSON.parse(text) as Record<string, unknown>));
  return globs ? { globs, source } : undefined;
}

function asStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** The first `key: ['…', '…']` in a JavaScript/TypeScript config file, read from its syntax tree. */
async function stringArrayIn(text: string, key: string, file: string): Promise<Found> {
  const tree = await parseSyntax('typescript', text);
  try {
    for (const pair of tree.rootNode.descendantsOfType('pair')) {
      const name = pair?.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '');
      const value = pair?.childForFieldName('value');
      if (name !== key || !value) continue;
      const items = value.type === 'array' ? value.namedChildren : [value];
      const strings = items.filter((item) => item?.type === 'string').map((item) => item!.text.slice(1, -1));
      if (strings.length === items.length && strings.length > 0) return { globs: strings, source: `${file} (${key})` };
    }
    return undefined;
  } finally {
    tree.delete();
  }
}
