import { extensionsOf } from '../../../syntax/languages';
import { javascriptScaffold, type FrameworkImport } from '../../scaffold/javascript';
import type { Scaffold, ScaffoldRequest } from '../../scaffold/common';
import { qualifiedName, type ExportedSymbol } from '../../symbols';
import type { RootMarkers } from '../root-markers';
import type { Convention } from '../types';

const SOURCE_EXCLUDES = [
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

/** Where a JavaScript source's tests may be, whichever runner runs them. */
const TEST_PATTERNS = [
  '{dir}/{name}.test.{ext}',
  '{dir}/{name}.spec.{ext}',
  '{dir}/__tests__/{name}.{ext}',
  '{dir}/__tests__/{name}.test.{ext}',
  'test/**/{name}.test.{ext}',
  'test/**/{name}.spec.{ext}',
  'tests/**/{name}.test.{ext}',
  'tests/**/{name}.spec.{ext}',
];

/** Next to the source: where runners that collect `*.test.*` anywhere find it. */
export const CREATE_BESIDE_SOURCE = '{dir}/{name}.test.{ext}';

/** The JavaScript map, detected by `origin`, creating new tests at `create`. */
export function javascriptConvention(markers: RootMarkers, origin: string | undefined, create = CREATE_BESIDE_SOURCE): Convention[] {
  if (origin === undefined) return [];
  const base = markers.has('src') ? 'src/' : '';
  const source = [`${base}**/*.{${extensionsOf('javascript').join(',')}}`, ...SOURCE_EXCLUDES];
  return [{ source, tests: TEST_PATTERNS, create, origin }];
}

/** The scaffold of a JavaScript framework that imports `imports` (none for globals such as Jest's). */
export function javascriptScaffoldWith(imports: FrameworkImport[]): (request: ScaffoldRequest) => Scaffold {
  return (request) => javascriptScaffold(request, imports);
}

/** Every JavaScript scaffold opens a `describe` named after the symbol. */
export function describeMark(symbol: ExportedSymbol): string {
  return `describe('${qualifiedName(symbol)}'`;
}
