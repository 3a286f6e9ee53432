import type { Ecosystem } from '../syntax/languages';
import { TEST_FRAMEWORKS, type FrameworkId } from './frameworks';
import { rootMarkers } from './frameworks/root-markers';
import type { Convention } from './frameworks/types';

/** One source↔test mapping: the shape of a `tests:` entry, with its framework settled. */
export interface TestMapEntry extends Convention {
  framework: FrameworkId;
}

/**
 * The conventional maps of the test frameworks the repository uses, read from their markers
 * (each framework's `detect`): per ecosystem, the first framework in the list whose markers are
 * found. Only markers at the root are read; a monorepo's packages are mapped in `tests:`.
 */
export async function detectTestMaps(root: string): Promise<TestMapEntry[]> {
  const markers = rootMarkers(root);
  const found = await Promise.all(TEST_FRAMEWORKS.map(async (framework) => ({ framework, conventions: await framework.detect(markers) })));
  const settled = new Set<Ecosystem>();
  const entries: TestMapEntry[] = [];
  for (const { framework, conventions } of found) {
    if (conventions.length === 0 || settled.has(framework.ecosystem)) continue;
    settled.add(framework.ecosystem);
    entries.push(...conventions.map((convention) => ({ ...convention, framework: framework.id })));
  }
  return entries;
}
