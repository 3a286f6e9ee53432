/** The test frameworks Preflight writes tests for; the `framework:` values of a `tests:` entry. */
export type FrameworkId = 'mocha' | 'jest' | 'vitest' | 'node-test' | 'pytest' | 'unittest' | 'go' | 'rspec' | 'minitest' | 'junit';

import { extensionsOf, languageOf, type Ecosystem } from '../syntax/languages';

export type { Ecosystem };

export interface Framework {
  id: FrameworkId;
  /** As people write it: "Vitest", "node:test". */
  label: string;
  ecosystem: Ecosystem;
  /** The files the runner collects when its configuration does not say otherwise (picomatch globs). */
  defaultCollects: string[];
  /** Whether `defaultCollects` is matched against the file name only (pytest's python_files) rather than the path. */
  collectsByBasename?: boolean;
}

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  vitest: { id: 'vitest', label: 'Vitest', ecosystem: 'javascript', defaultCollects: ['**/*.{test,spec}.?(c|m)[jt]s?(x)'] },
  jest: {
    id: 'jest',
    label: 'Jest',
    ecosystem: 'javascript',
    defaultCollects: ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'],
  },
  mocha: { id: 'mocha', label: 'Mocha', ecosystem: 'javascript', defaultCollects: ['test/*.{js,cjs,mjs}'] },
  'node-test': {
    id: 'node-test',
    label: 'node:test',
    ecosystem: 'javascript',
    defaultCollects: [
      '**/*.test.{cjs,mjs,js}',
      '**/*-test.{cjs,mjs,js}',
      '**/*_test.{cjs,mjs,js}',
      '**/test-*.{cjs,mjs,js}',
      '**/test.{cjs,mjs,js}',
      '**/test/**/*.{cjs,mjs,js}',
    ],
  },
  pytest: { id: 'pytest', label: 'pytest', ecosystem: 'python', defaultCollects: ['test_*.py', '*_test.py'], collectsByBasename: true },
  unittest: { id: 'unittest', label: 'unittest', ecosystem: 'python', defaultCollects: ['test*.py'], collectsByBasename: true },
  go: { id: 'go', label: 'go test', ecosystem: 'go', defaultCollects: ['**/*_test.go'] },
  rspec: { id: 'rspec', label: 'RSpec', ecosystem: 'ruby', defaultCollects: ['spec/**/*_spec.rb'] },
  minitest: { id: 'minitest', label: 'Minitest', ecosystem: 'ruby', defaultCollects: ['test/**/*_test.rb'] },
  junit: {
    id: 'junit',
    label: 'JUnit (Maven Surefire)',
    ecosystem: 'java',
    defaultCollects: ['**/Test*.java', '**/*Test.java', '**/*Tests.java', '**/*TestCase.java'],
  },
};

/** Source file extensions per ecosystem (the languages table's), as brace lists for globs. */
export const SOURCE_EXTENSIONS: Record<Ecosystem, string> = {
  javascript: extensionsOf('javascript').join(','),
  python: extensionsOf('python').join(','),
  go: extensionsOf('go').join(','),
  ruby: extensionsOf('ruby').join(','),
  java: extensionsOf('java').join(','),
};

export function isFrameworkId(value: string | undefined): value is FrameworkId {
  return value !== undefined && value in FRAMEWORKS;
}

/** The ecosystem a source file belongs to, by its extension. */
export function ecosystemOfPath(path: string): Ecosystem | undefined {
  return languageOf(path)?.ecosystem;
}
