import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { PreflightConfig } from '../config/types';
import { assertWritableInside, readInsideRepository } from '../fs/inside-repository';
import { FRAMEWORKS, type Ecosystem } from './frameworks';
import { isTestedIn } from './tested';
import type { ScaffoldRequest } from './scaffold/common';
import { exportedSymbols, qualifiedName, testableSymbols, type ExportedSymbol } from './symbols';
import { existingTests } from './navigation';
import { testMapFor, type MappedSource } from './test-map';

/** What "Create Failing Test" will do: the test file, its new text (none: every symbol has a test), where to put the cursor. */
export interface FailingTestPlan {
  testPath: string;
  /** The file's text before; undefined when the plan creates it. */
  existing: string | undefined;
  /** The text to write; undefined when there is nothing to add. */
  text: string | undefined;
  line: number;
  added: string[];
  alreadyTested: string[];
}

/** Why there is no plan: "src/x.ts is not mapped to tests (add a tests: entry)". */
export interface NoPlan {
  problem: string;
}

/**
 * Plans the failing tests for a source file's exported symbols (or only `symbolName`) that have
 * none yet: the mapped test file is appended to when it exists, created when not. Nothing is written.
 */
export async function planFailingTest(
  root: string,
  config: PreflightConfig,
  sourcePath: string,
  sourceText: string,
  symbolName?: string,
): Promise<FailingTestPlan | NoPlan> {
  const map = await testMapFor(config, root);
  const mapped = map.sourceOf(sourcePath);
  if (!mapped)
    return {
      problem: map.isTest(sourcePath)
        ? `${sourcePath} is a test.`
        : `${sourcePath} is not mapped to tests: add a 'tests:' entry for it to .preflight.yml.`,
    };
  const all = testableSymbols(await exportedSymbols(sourcePath, sourceText));
  const symbols = symbolName ? all.filter((symbol) => qualifiedName(symbol) === symbolName || symbol.name === symbolName) : all;
  if (symbols.length === 0)
    return {
      problem: symbolName ? `${sourcePath} exports no '${symbolName}'.` : `${sourcePath} exports no function, class or method to test.`,
    };
  const testFiles = await existingTests(root, map, mapped);
  const testPath = testFiles.find((file) => file === map.testToCreate(mapped)) ?? testFiles[0] ?? map.testToCreate(mapped);
  try {
    assertWritableInside(root, testPath);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const existing = textInside(root, testPath);
  const testTexts = testFiles.map((file) => textInside(root, file) ?? '');
  const untested = symbols.filter((symbol) => !testTexts.some((text) => isTestedIn(text, symbol, mapped)));
  const alreadyTested = symbols.filter((symbol) => !untested.includes(symbol)).map(qualifiedName);
  if (untested.length === 0)
    return { testPath, existing, text: undefined, line: mentionLine(existing ?? '', symbols[0]), added: [], alreadyTested };
  const framework = FRAMEWORKS[mapped.entry.framework];
  const request: ScaffoldRequest = {
    junit4: mapped.entry.junit4,
    testPath,
    sourcePath,
    sourceText,
    symbols: untested,
    existing,
    importPath: await importPathFor(root, framework.ecosystem, mapped, testPath),
  };
  const scaffold = framework.scaffold(request);
  return { testPath, existing, text: scaffold.text, line: scaffold.line, added: untested.map(qualifiedName), alreadyTested };
}

function textInside(root: string, path: string): string | undefined {
  const read = readInsideRepository(root, path, MAX_TEST_FILE_BYTES);
  return 'text' in read ? read.text : undefined;
}

const MAX_TEST_FILE_BYTES = 8 * 1024 * 1024;

export function isNoPlan(plan: FailingTestPlan | NoPlan): plan is NoPlan {
  return 'problem' in plan;
}

/**
 * Writes a plan: a new file only if none exists yet (`wx`), an existing one only if it still
 * reads as it did when planned. Preflight never overwrites a test someone else just wrote.
 */
export async function writeFailingTest(root: string, plan: FailingTestPlan): Promise<void> {
  if (plan.text === undefined) return;
  const file = join(root, plan.testPath);
  assertWritableInside(root, plan.testPath);
  if (plan.existing === undefined) {
    await mkdir(dirname(file), { recursive: true });
    assertWritableInside(root, plan.testPath);
    await writeFile(file, plan.text, { flag: 'wx' });
    return;
  }
  const now = await readFile(file, 'utf8');
  if (now !== plan.existing)
    throw new Error(`${plan.testPath} changed since the tests were planned; nothing was written. Run the command again.`);
  await writeFile(file, plan.text);
}

function mentionLine(text: string, symbol: ExportedSymbol): number {
  const index = text.split('\n').findIndex((line) => line.includes(symbol.name.replace(/^\./, '')));
  return index >= 0 ? index + 1 : 1;
}

async function importPathFor(root: string, ecosystem: Ecosystem, mapped: MappedSource, testPath: string): Promise<string> {
  const source = mapped.path;
  const withoutExtension = source.slice(0, source.length - mapped.parts.ext.length - 1);
  switch (ecosystem) {
    case 'javascript': {
      const manifest = await readFile(join(root, 'package.json'), 'utf8').catch(() => '{}');
      const esm = (JSON.parse(manifest) as { type?: string }).type === 'module';
      const extension = esm
        ? /^[mc]?ts$/.test(mapped.parts.ext)
          ? `.${mapped.parts.ext.replace('ts', 'js')}`
          : `.${mapped.parts.ext}`
        : '';
      return relativeSpecifier(posix.dirname(testPath), withoutExtension) + extension;
    }
    case 'python':
      return withoutExtension
        .replace(/^src\//, '')
        .replace(/\/__init__$/, '')
        .split('/')
        .join('.');
    case 'ruby': {
      const folder = testPath.split('/')[0];
      for (const helper of ['rails_helper', 'spec_helper', 'test_helper'])
        if (existsSync(join(root, folder, `${helper}.rb`))) return helper;
      return relativeSpecifier(posix.dirname(testPath), withoutExtension);
    }
    default:
      return '';
  }
}

function relativeSpecifier(fromDir: string, to: string): string {
  const relative = posix.relative(fromDir || '.', to);
  return relative.startsWith('.') ? relative : `./${relative}`;
}
