import type { Ecosystem } from '../../syntax/languages';
import type { Scaffold, ScaffoldRequest } from '../scaffold/common';
import type { ExportedSymbol } from '../symbols';
import type { RootMarkers } from './root-markers';

/** One source↔test convention as a framework's markers give it; the detected `TestMapEntry` adds the framework. */
export interface Convention {
  source: string[];
  tests: string[];
  create: string;
  /** Why this entry applies: "from .preflight.yml" or the marker it was detected from ("vitest in package.json"). */
  origin: string;
  /** JUnit 4 rather than 5, as the build file says (the scaffold's imports differ). */
  junit4?: boolean;
}

/** The globs a runner's configuration says it collects, and where they were read. */
export type ConfiguredCollection = { globs: string[]; source: string } | undefined;

/** Everything Preflight knows about one test framework. */
export interface TestFramework<Id extends string = string> {
  /** The `framework:` value of a `tests:` entry. */
  id: Id;
  /** As people write it: "Vitest", "node:test". */
  label: string;
  ecosystem: Ecosystem;
  /** Taken for a `tests:` entry of this ecosystem when none is named and none is detected. */
  isEcosystemDefault?: true;
  /** The conventional maps when the repository's root markers say it uses the framework, else []. */
  detect(markers: RootMarkers): Promise<Convention[]>;
  /** The files the runner collects when its configuration does not say otherwise (picomatch globs). */
  defaultCollects: string[];
  /** Whether `defaultCollects` is matched against the file name only (pytest's python_files) rather than the path. */
  collectsByBasename?: true;
  /** What the runner's configuration says it collects, when it says. */
  configuredCollection?(root: string): Promise<ConfiguredCollection>;
  scaffold(request: ScaffoldRequest): Scaffold;
  /** Text that only the test Preflight writes for the symbol contains: finding it means the symbol is tested. */
  generatedTestMark(symbol: ExportedSymbol): string;
}

/** Keeps the framework's `id` a literal type, so the list of frameworks defines `FrameworkId`. */
export function testFramework<Id extends string>(framework: TestFramework<Id>): TestFramework<Id> {
  return framework;
}
