import { globMatcher } from '../text/glob';
import { posix } from 'node:path';
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
  const known = FRAMEWORKS[framework];
  const configured = await known.configuredCollection?.(root).catch(() => undefined);
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
