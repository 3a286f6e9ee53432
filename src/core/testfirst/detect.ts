import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameworkId } from './frameworks';
import { SOURCE_EXTENSIONS } from './frameworks';

/** One source↔test mapping: the shape of a `tests:` entry, with its framework settled. */
export interface TestMapEntry {
  source: string[];
  tests: string[];
  create: string;
  framework: FrameworkId;
  /** Why this entry applies: "from .preflight.yml" or the marker it was detected from ("vitest in package.json"). */
  origin: string;
  /** JUnit 4 rather than 5, as the build file says (the scaffold's imports differ). */
  junit4?: boolean;
}

/**
 * The conventional maps of the test frameworks the repository uses, read from their markers:
 * package.json dependencies and runner configs, pytest/unittest, go.mod, RSpec/Minitest, Maven
 * or Gradle. Only markers at the root are read; a monorepo's packages are mapped in `tests:`.
 */
export async function detectTestMaps(root: string): Promise<TestMapEntry[]> {
  const read = (file: string) => readFile(join(root, file), 'utf8').catch(() => undefined);
  const has = (file: string) => existsSync(join(root, file));
  const found = await Promise.all([javascriptMap(read, has), pythonMap(read, has), goMap(has), rubyMaps(read, has), javaMap(read, has)]);
  return found.flat().filter((entry): entry is TestMapEntry => entry !== undefined);
}

type Read = (file: string) => Promise<string | undefined>;
type Has = (file: string) => boolean;

const JS_SOURCE_EXCLUDES = [
  '!**/*.d.ts',
  '!**/*.config.*',
  '!**/__tests__/**',
  '!**/__mocks__/**',
  '!test/**',
  '!tests/**',
  '!**/node_modules/**',
  '!dist/**',
  '!build/**',
  '!coverage/**',
];
const JS_TESTS = [
  '{dir}/{name}.test.{ext}',
  '{dir}/{name}.spec.{ext}',
  '{dir}/__tests__/{name}.{ext}',
  '{dir}/__tests__/{name}.test.{ext}',
  'test/**/{name}.test.{ext}',
  'test/**/{name}.spec.{ext}',
  'tests/**/{name}.test.{ext}',
  'tests/**/{name}.spec.{ext}',
];

async function javascriptMap(read: Read, has: Has): Promise<TestMapEntry | undefined> {
  const text = await read('package.json');
  if (text === undefined) return undefined;
  let manifest: {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    scripts?: Record<string, string>;
    jest?: unknown;
    mocha?: unknown;
  };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return undefined;
  }
  const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
  const scripts = Object.values(manifest.scripts ?? {}).join('\n');
  const anyFile = (names: string[]) => names.find(has);
  const configs = (tool: string) => ['ts', 'mts', 'js', 'mjs', 'cjs', 'cts', 'json'].map((ext) => `${tool}.config.${ext}`);
  const vitest = 'vitest' in dependencies ? 'vitest in package.json' : anyFile(configs('vitest'));
  const jest =
    'jest' in dependencies ? 'jest in package.json' : (anyFile(configs('jest')) ?? (manifest.jest ? 'jest in package.json' : undefined));
  const mocha =
    'mocha' in dependencies
      ? 'mocha in package.json'
      : anyFile(['.mocharc.json', '.mocharc.yml', '.mocharc.yaml', '.mocharc.js', '.mocharc.cjs']);
  const nodeTest = /\bnode\b[^\n]*\s--test\b/.test(scripts) ? "'node --test' in package.json scripts" : undefined;
  const [framework, origin] = ((vitest && ['vitest', vitest]) ||
    (jest && ['jest', jest]) ||
    (mocha && ['mocha', mocha]) ||
    (nodeTest && ['node-test', nodeTest]) ||
    []) as [FrameworkId?, string?];
  if (!framework || !origin) return undefined;
  const base = has('src') ? 'src/' : '';
  const source = [`${base}**/*.{${SOURCE_EXTENSIONS.javascript}}`, ...JS_SOURCE_EXCLUDES];
  // Mocha collects ./test by default, the others collect *.test.* anywhere: create where each runs it.
  const create = framework === 'mocha' ? 'test/{subdir}/{name}.test.{ext}' : '{dir}/{name}.test.{ext}';
  return { source, tests: JS_TESTS, create, framework, origin };
}

async function pythonMap(read: Read, has: Has): Promise<TestMapEntry | undefined> {
  const markers = [
    'pytest.ini',
    'pyproject.toml',
    'setup.cfg',
    'tox.ini',
    'setup.py',
    'requirements.txt',
    'requirements-dev.txt',
    'conftest.py',
  ];
  const present = markers.filter(has);
  if (present.length === 0) return undefined;
  const texts = await Promise.all(present.map(async (file) => [file, (await read(file)) ?? ''] as const));
  const pytestMarker = texts.find(
    ([file, text]) =>
      file === 'pytest.ini' || file === 'conftest.py' || /\[tool\.pytest|\[tool:pytest\]|\[pytest\]|^\s*pytest\b/m.test(text),
  );
  const framework: FrameworkId = pytestMarker ? 'pytest' : 'unittest';
  const base = has('src') ? 'src/' : '';
  return {
    source: [
      `${base}**/*.py`,
      '!tests/**',
      '!test/**',
      '!**/test_*.py',
      '!**/*_test.py',
      '!**/conftest.py',
      '!setup.py',
      '!**/migrations/**',
      '!**/__init__.py',
      '!docs/**',
      '!.venv/**',
      '!venv/**',
    ],
    tests: [
      'tests/{subdir}/test_{name}.py',
      'tests/test_{name}.py',
      'tests/**/test_{name}.py',
      '{dir}/test_{name}.py',
      '{dir}/{name}_test.py',
      'test/**/test_{name}.py',
    ],
    create: 'tests/{subdir}/test_{name}.py',
    framework,
    origin: pytestMarker ? `pytest in ${pytestMarker[0]}` : `${present[0]} (no pytest configuration: unittest)`,
  };
}

async function goMap(has: Has): Promise<TestMapEntry | undefined> {
  if (!has('go.mod')) return undefined;
  return {
    source: ['**/*.go', '!**/*_test.go', '!vendor/**'],
    tests: ['{dir}/{name}_test.go'],
    create: '{dir}/{name}_test.go',
    framework: 'go',
    origin: 'go.mod',
  };
}

async function rubyMaps(read: Read, has: Has): Promise<TestMapEntry[]> {
  const gemfile = (await read('Gemfile')) ?? '';
  const rspec = has('.rspec') || has('spec') || /['"]rspec(-rails)?['"]/.test(gemfile);
  const minitest = !rspec && (has('test/test_helper.rb') || /['"]minitest['"]/.test(gemfile));
  if (!rspec && !minitest) return [];
  const rails = has('config/application.rb');
  const [framework, folder, suffix] = rspec ? (['rspec', 'spec', '_spec'] as const) : (['minitest', 'test', '_test'] as const);
  const origin = rspec
    ? has('.rspec')
      ? '.rspec'
      : has('spec')
        ? 'spec/'
        : 'rspec in Gemfile'
    : has('test/test_helper.rb')
      ? 'test/test_helper.rb'
      : 'minitest in Gemfile';
  const app: TestMapEntry = {
    source: ['app/**/*.rb'],
    tests: [`${folder}/{subdir}/{name}${suffix}.rb`],
    create: `${folder}/{subdir}/{name}${suffix}.rb`,
    framework,
    origin,
  };
  // rspec-rails puts lib's specs under spec/lib; a gem's lib maps straight onto spec/.
  const libFolder = rails ? `${folder}/lib` : folder;
  const lib: TestMapEntry = {
    source: ['lib/**/*.rb', '!lib/tasks/**'],
    tests: [`${libFolder}/{subdir}/{name}${suffix}.rb`],
    create: `${libFolder}/{subdir}/{name}${suffix}.rb`,
    framework,
    origin,
  };
  return [app, lib];
}

async function javaMap(read: Read, has: Has): Promise<TestMapEntry | undefined> {
  const build = ['pom.xml', 'build.gradle', 'build.gradle.kts'].find(has);
  if (!build) return undefined;
  const text = (await read(build)) ?? '';
  const junit4 = /<artifactId>junit<\/artifactId>|['"]junit:junit:/.test(text) && !/junit-jupiter|useJUnitPlatform/.test(text);
  return {
    source: ['src/main/java/**/*.java'],
    tests: ['src/test/java/{subdir}/{name}Test.java', 'src/test/java/{subdir}/{name}Tests.java', 'src/test/java/{subdir}/Test{name}.java'],
    create: 'src/test/java/{subdir}/{name}Test.java',
    framework: 'junit',
    origin: build,
    junit4,
  };
}
