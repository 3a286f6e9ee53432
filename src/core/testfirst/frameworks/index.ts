import { extensionsOf, languageOf, type Ecosystem } from '../../syntax/languages';
import { goTesting } from './go';
import { jest } from './jest';
import { junit } from './junit';
import { minitest } from './minitest';
import { mocha } from './mocha';
import { nodeTest } from './node-test';
import { pytest } from './pytest';
import { rspec } from './rspec';
import type { TestFramework } from './types';
import { unittest } from './unittest';
import { vitest } from './vitest';

export type { Ecosystem };
export type { TestFramework } from './types';

/**
 * Every test framework Preflight knows: the one place a new one is added. Within an ecosystem the
 * order is detection's precedence (the first whose markers are found maps the repository).
 */
export const TEST_FRAMEWORKS = [vitest, jest, mocha, nodeTest, pytest, unittest, goTesting, rspec, minitest, junit] as const;

/** The `framework:` values of a `tests:` entry. */
export type FrameworkId = (typeof TEST_FRAMEWORKS)[number]['id'];

export const FRAMEWORKS = Object.fromEntries(TEST_FRAMEWORKS.map((framework) => [framework.id, framework])) as Record<
  FrameworkId,
  TestFramework<FrameworkId>
>;

export function isFrameworkId(value: string | undefined): value is FrameworkId {
  return value !== undefined && Object.hasOwn(FRAMEWORKS, value);
}

/** The framework a `tests:` entry of the ecosystem gets when it names none and none is detected. */
export function defaultFrameworkOf(ecosystem: Ecosystem): FrameworkId {
  return TEST_FRAMEWORKS.find((framework) => framework.ecosystem === ecosystem && framework.isEcosystemDefault)!.id;
}

/** Source file extensions per ecosystem (the languages table's), as brace lists for globs. */
export const SOURCE_EXTENSIONS: Record<Ecosystem, string> = {
  javascript: extensionsOf('javascript').join(','),
  python: extensionsOf('python').join(','),
  go: extensionsOf('go').join(','),
  ruby: extensionsOf('ruby').join(','),
  java: extensionsOf('java').join(','),
};

/** The ecosystem a source file belongs to, by its extension. */
export function ecosystemOfPath(path: string): Ecosystem | undefined {
  return languageOf(path)?.ecosystem;
}
