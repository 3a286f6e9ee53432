import { globMatcher } from '../text/glob';
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { PreflightConfig, TestMapConfig } from '../config/types';
import { detectTestMaps, type TestMapEntry } from './detect';
import { defaultFrameworkOf, ecosystemOfPath, FRAMEWORKS, isFrameworkId, SOURCE_EXTENSIONS, type FrameworkId } from './frameworks';
import { compileTemplate, type PathParts, type PathTemplate } from './path-template';

/** A source file as the map sees it: which entry maps it, and its parts for the test templates. */
export interface MappedSource {
  path: string;
  entry: TestMapEntry;
  parts: PathParts;
}

interface CompiledEntry {
  entry: TestMapEntry;
  includes: { glob: string; matches: (path: string) => boolean; base: string }[];
  excluded: (path: string) => boolean;
  tests: PathTemplate[];
  create: PathTemplate;
}

/**
 * Where each source file's tests are: the team's `tests:` entries first (in order), then the
 * conventions of the frameworks detected in the repository. A path is a test when any entry's
 * test pattern reads it; a source when an entry's `source` globs match it and it is not a test.
 */
export class TestMap {
  private readonly compiled: CompiledEntry[];

  constructor(readonly entries: readonly TestMapEntry[]) {
    this.compiled = entries.map(compileEntry);
  }

  /** The entry mapping this source file, or undefined (not a source, or a test itself). */
  sourceOf(path: string): MappedSource | undefined {
    if (this.isTest(path)) return undefined;
    for (const compiled of this.compiled) {
      if (compiled.excluded(path)) continue;
      const include = compiled.includes.find((candidate) => candidate.matches(path));
      if (include) return { path, entry: compiled.entry, parts: partsOf(path, include.base) };
    }
    return undefined;
  }

  isTest(path: string): boolean {
    return this.testEntryOf(path) !== undefined;
  }

  /** The first entry one of whose test patterns reads the path: whose framework runs that test. */
  testEntryOf(path: string): TestMapEntry | undefined {
    return this.compiled.find((compiled) => compiled.tests.some((template) => template.read(path) !== undefined))?.entry;
  }

  /** Globs matching every path the source's tests may have: to find them among a push's files. */
  testMatcher(source: MappedSource): (path: string) => boolean {
    const { paths, globs } = this.testLocations(source);
    const inGlobs = globs.length > 0 ? globMatcher(globs, { dot: true }) : () => false;
    const exact = new Set(paths);
    return (path) => exact.has(path) || inGlobs(path);
  }

  /** The paths (and globs) where the source's tests may be. */
  testLocations(source: MappedSource): { paths: string[]; globs: string[] } {
    const templates = this.compiledOf(source.entry).tests;
    const filled = templates.map((template) => ({ template, value: template.fill(source.parts) }));
    return {
      paths: unique(filled.filter((f) => !f.template.isGlob).map((f) => f.value)),
      globs: unique(filled.filter((f) => f.template.isGlob).map((f) => f.value)),
    };
  }

  /** Where a new test for the source is written. */
  testToCreate(source: MappedSource): string {
    return this.compiledOf(source.entry).create.fill(source.parts);
  }

  /**
   * The source files a test may belong to: exact candidates when the test's path says the
   * folder, else globs (`test/**\/orders.spec.ts` says only the name).
   */
  sourceLocations(testPath: string): { paths: string[]; globs: string[] } {
    const paths: string[] = [];
    const globs: string[] = [];
    for (const compiled of this.compiled) {
      for (const template of compiled.tests) {
        const parts = template.read(testPath);
        if (!parts?.name) continue;
        const extensions = parts.ext ? [parts.ext] : SOURCE_EXTENSIONS[FRAMEWORKS[compiled.entry.framework].ecosystem].split(',');
        for (const ext of extensions) {
          const file = `${parts.name}.${ext}`;
          if (parts.dir !== undefined) paths.push(posix.join(parts.dir, file));
          else if (parts.subdir !== undefined)
            paths.push(...compiled.includes.map((include) => posix.join(include.base, parts.subdir!, file)));
          else globs.push(...compiled.includes.map((include) => posix.join(include.base, '**', file)));
        }
      }
    }
    const isSource = (path: string) => this.sourceOf(path) !== undefined;
    return { paths: unique(paths).filter(isSource), globs: unique(globs) };
  }

  private compiledOf(entry: TestMapEntry): CompiledEntry {
    return this.compiled.find((compiled) => compiled.entry === entry)!;
  }
}

const FRESH_MS = 5_000;
const maps = new WeakMap<PreflightConfig, Map<string, { at: number; map: Promise<TestMap> }>>();

/** The repository's test map: configured entries, then detected ones; cached a few seconds (CodeLens asks often). */
export function testMapFor(config: PreflightConfig, root: string): Promise<TestMap> {
  let byRoot = maps.get(config);
  if (!byRoot) maps.set(config, (byRoot = new Map()));
  const cached = byRoot.get(root);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.map;
  const map = detectTestMaps(root).then(
    (detected) => new TestMap([...config.tests.map((entry) => settleConfigured(entry, detected)), ...detected]),
  );
  byRoot.set(root, { at: Date.now(), map });
  return map;
}

/** A `tests:` entry without `framework` takes the detected one of its language; without `create`, its first test pattern. */
export function settleConfigured(entry: TestMapConfig, detected: readonly TestMapEntry[]): TestMapEntry {
  const ecosystem = ecosystemOfPath(entry.source.find((glob) => !glob.startsWith('!'))?.replace(/\{([^},]+),?[^}]*\}$/, '$1') ?? '');
  const sameLanguage = detected.find((candidate) => FRAMEWORKS[candidate.framework].ecosystem === ecosystem);
  const framework: FrameworkId = isFrameworkId(entry.framework)
    ? entry.framework
    : (sameLanguage?.framework ?? defaultFrameworkOf(ecosystem ?? 'javascript'));
  const create = entry.create ?? entry.tests.find((test) => !/[*?]/.test(test)) ?? entry.tests[0];
  return { source: entry.source, tests: entry.tests, create, framework, origin: 'tests: in .preflight.yml', junit4: sameLanguage?.junit4 };
}

function compileEntry(entry: TestMapEntry): CompiledEntry {
  const positive = entry.source.filter((glob) => !glob.startsWith('!'));
  const negative = entry.source.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  const excludedMatcher = negative.length > 0 ? globMatcher(negative, { dot: true }) : () => false;
  return {
    entry,
    includes: positive.map((glob) => ({ glob, matches: globMatcher(glob, { dot: true }), base: picomatch.scan(glob).base })),
    excluded: excludedMatcher,
    tests: entry.tests.map(compileTemplate),
    create: compileTemplate(entry.create),
  };
}

function partsOf(path: string, base: string): PathParts {
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const file = posix.basename(path);
  const dot = file.lastIndexOf('.');
  const subdir = base && (dir === base || dir.startsWith(`${base}/`)) ? dir.slice(base.length + 1) : dir;
  return { dir, subdir, name: dot > 0 ? file.slice(0, dot) : file, ext: dot > 0 ? file.slice(dot + 1) : '' };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
