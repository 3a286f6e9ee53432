import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreflightConfig } from '../config/types';
import { filesMatching } from '../fs/walk';
import { isTestedIn } from './tested';
import { exportedSymbols, testableSymbols, type ExportedSymbol } from './symbols';
import { testMapFor, type MappedSource, type TestMap } from './test-map';

/** A source file's exported symbols, each with whether one of its mapped tests covers it. */
export interface TestStatus {
  testFiles: string[];
  symbols: { symbol: ExportedSymbol; tested: boolean }[];
}

/** The source's mapped tests that exist in the working tree. */
export async function existingTests(root: string, map: TestMap, mapped: MappedSource): Promise<string[]> {
  const { paths, globs } = map.testLocations(mapped);
  const found = paths.filter((path) => existsSync(join(root, path)));
  if (globs.length > 0) found.push(...(await filesMatching(root, globs)));
  return [...new Set(found)];
}

/** For CodeLens and the light bulb: which exported symbols of the file have no test yet. Undefined: the file is not a mapped source. */
export async function testStatusOf(root: string, config: PreflightConfig, path: string, text: string): Promise<TestStatus | undefined> {
  const map = await testMapFor(config, root);
  const mapped = map.sourceOf(path);
  if (!mapped) return undefined;
  const symbols = testableSymbols(await exportedSymbols(path, text));
  if (symbols.length === 0) return { testFiles: [], symbols: [] };
  const testFiles = await existingTests(root, map, mapped);
  const texts = await Promise.all(testFiles.map((file) => readFile(join(root, file), 'utf8').catch(() => '')));
  return { testFiles, symbols: symbols.map((symbol) => ({ symbol, tested: texts.some((test) => isTestedIn(test, symbol, mapped)) })) };
}

/** Go to Test / Go to Source: the existing files on the other side of the map, or [] (and whether the path is a test). */
export async function counterparts(
  root: string,
  config: PreflightConfig,
  path: string,
): Promise<{ isTest: boolean; files: string[]; toCreate?: string }> {
  const map = await testMapFor(config, root);
  if (map.isTest(path)) {
    const { paths, globs } = map.sourceLocations(path);
    const found = paths.filter((candidate) => existsSync(join(root, candidate)));
    if (found.length === 0 && globs.length > 0) found.push(...(await filesMatching(root, globs)).filter((file) => map.sourceOf(file)));
    return { isTest: true, files: [...new Set(found)] };
  }
  const mapped = map.sourceOf(path);
  if (!mapped) return { isTest: false, files: [] };
  return { isTest: false, files: await existingTests(root, map, mapped), toCreate: map.testToCreate(mapped) };
}
